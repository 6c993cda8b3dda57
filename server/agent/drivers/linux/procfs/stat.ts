/** The fields of /proc/PID/stat a snapshot needs. Numbers are raw kernel units. */
export interface StatFields {
  comm: string;
  state: string;
  ppid: number;
  flags: number;
  /** utime + stime, clock ticks. */
  cpuTicks: number;
  /** Clock ticks after boot. */
  startTicks: number;
  rssPages: number;
  /**
   * Changes when the process execs (new stack, new argv area; randomized by ASLR) and never
   * otherwise, so it tells a cached command line is stale although pid and starttime match.
   * The kernel shows zeros here to readers without ptrace access, leaving only comm.
   */
  execMark: string;
}

const PF_KTHREAD = 0x0020_0000;
const CLOSE_PAREN = 0x29;
const SPACE = 0x20;

// 1-based field numbers from proc(5); comm (2) may hold spaces and parentheses, so fields
// are counted from the last ')'.
const STATE = 3;
const PPID = 4;
const FLAGS = 9;
const UTIME = 14;
const STIME = 15;
const STARTTIME = 22;
const RSS = 24;
const STARTSTACK = 28;
const ARG_START = 48;
const ARG_END = 49;

export function isKernelThread(stat: StatFields): boolean {
  return (stat.flags & PF_KTHREAD) !== 0;
}

/** Parses the first `length` bytes of `bytes`; null if the content is not a stat line. */
export function parseStat(bytes: Buffer, length: number): StatFields | null {
  const close = bytes.lastIndexOf(CLOSE_PAREN, length - 1);
  const open = bytes.indexOf("(");
  if (open < 0 || close < open) return null;
  const values = new Array<number>(ARG_END + 1).fill(0);
  let state = "";
  let field = STATE;
  let i = close + 2;
  while (i < length && field <= ARG_END) {
    if (field === STATE) state = String.fromCharCode(bytes[i] ?? 0);
    else values[field] = readNumber(bytes, i, length);
    while (i < length && bytes[i] !== SPACE) i++;
    i++;
    field++;
  }
  if (field <= RSS) return null;
  return {
    comm: bytes.toString("utf8", open + 1, close),
    state,
    ppid: values[PPID] ?? 0,
    flags: values[FLAGS] ?? 0,
    cpuTicks: (values[UTIME] ?? 0) + (values[STIME] ?? 0),
    startTicks: values[STARTTIME] ?? 0,
    rssPages: values[RSS] ?? 0,
    execMark: `${values[STARTSTACK]}:${values[ARG_START]}:${values[ARG_END]}`,
  };
}

/** Decimal digits at `start` (optionally negative); exact below 2^53, which covers addresses. */
function readNumber(bytes: Buffer, start: number, length: number): number {
  let i = start;
  const negative = bytes[i] === 0x2d;
  if (negative) i++;
  let value = 0;
  for (; i < length; i++) {
    const digit = (bytes[i] ?? SPACE) - 0x30;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}
