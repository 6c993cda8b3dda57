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
   * startstack, arg_start, arg_end: they change when the process execs (new stack, new argv
   * area; randomized by ASLR) and never otherwise, so they tell a cached command line is stale
   * although pid and starttime match. The kernel shows zeros here to readers without ptrace
   * access, leaving only comm. Numbers, not one string: building it cost more than the read.
   */
  stackStart: number;
  argStart: number;
  argEnd: number;
}

const PF_KTHREAD = 0x0020_0000;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const SPACE = 0x20;
const MINUS = 0x2d;
const ZERO = 0x30;

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

/** What tells one exec from the next of a pid + starttime. */
export type ExecMark = Pick<StatFields, "comm" | "stackStart" | "argStart" | "argEnd">;

/** Whether two samples of one pid + starttime show the same exec (see StatFields.stackStart). */
export function sameExec(a: ExecMark, b: ExecMark): boolean {
  return a.comm === b.comm && a.stackStart === b.stackStart && a.argStart === b.argStart && a.argEnd === b.argEnd;
}

/**
 * Parses the first `length` bytes of `bytes`; null if the content is not a stat line. One pass
 * with no intermediate array or string: a repeat snapshot parses one line per process.
 */
export function parseStat(bytes: Buffer, length: number): StatFields | null {
  let open = 0;
  while (open < length && bytes[open] !== OPEN_PAREN) open++;
  let close = length - 1;
  while (close > open && bytes[close] !== CLOSE_PAREN) close--;
  if (close <= open) return null;
  const stat: StatFields = {
    comm: bytes.toString("utf8", open + 1, close),
    state: "",
    ppid: 0,
    flags: 0,
    cpuTicks: 0,
    startTicks: 0,
    rssPages: 0,
    stackStart: 0,
    argStart: 0,
    argEnd: 0,
  };
  let field = STATE;
  for (let i = close + 2; i < length && field <= ARG_END; field++) {
    if (field === STATE) stat.state = String.fromCharCode(bytes[i] ?? 0);
    else store(stat, field, bytes, i, length);
    while (i < length && bytes[i] !== SPACE) i++;
    i++;
  }
  return field <= RSS ? null : stat;
}

function store(stat: StatFields, field: number, bytes: Buffer, start: number, length: number): void {
  switch (field) {
    case PPID:
      stat.ppid = readNumber(bytes, start, length);
      break;
    case FLAGS:
      stat.flags = readNumber(bytes, start, length);
      break;
    case UTIME:
    case STIME:
      stat.cpuTicks += readNumber(bytes, start, length);
      break;
    case STARTTIME:
      stat.startTicks = readNumber(bytes, start, length);
      break;
    case RSS:
      stat.rssPages = readNumber(bytes, start, length);
      break;
    case STARTSTACK:
      stat.stackStart = readNumber(bytes, start, length);
      break;
    case ARG_START:
      stat.argStart = readNumber(bytes, start, length);
      break;
    case ARG_END:
      stat.argEnd = readNumber(bytes, start, length);
  }
}

/** Decimal digits at `start` (optionally negative); exact below 2^53, which covers addresses. */
function readNumber(bytes: Buffer, start: number, length: number): number {
  let i = start;
  const negative = bytes[i] === MINUS;
  if (negative) i++;
  let value = 0;
  for (; i < length; i++) {
    const digit = (bytes[i] ?? SPACE) - ZERO;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}
