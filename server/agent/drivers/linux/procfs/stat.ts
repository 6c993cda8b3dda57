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

/** 1 for the fields parseStat keeps; the others are only skipped. */
const KEPT = new Uint8Array(ARG_END + 1);
for (const field of [PPID, FLAGS, UTIME, STIME, STARTTIME, RSS, STARTSTACK, ARG_START, ARG_END]) KEPT[field] = 1;

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
 * that parses only the fields it keeps and builds no intermediate array or string: a repeat
 * snapshot parses one line per process. `known`, the comm this pid had last time, is returned
 * as is when the bytes still spell it (ASCII), sparing a decode and a string.
 */
export function parseStat(bytes: Buffer, length: number, known?: string): StatFields | null {
  let open = 0;
  while (open < length && bytes[open] !== OPEN_PAREN) open++;
  const close = open < length ? bytes.lastIndexOf(CLOSE_PAREN, length - 1) : -1;
  if (close <= open || close + 2 >= length) return null;
  const stat: StatFields = {
    comm: known !== undefined && spells(bytes, open + 1, close, known) ? known : bytes.toString("utf8", open + 1, close),
    state: String.fromCharCode(bytes[close + 2] ?? 0),
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
    if (KEPT[field] === 1) i = store(stat, field, bytes, i, length);
    while (i < length && bytes[i] !== SPACE) i++;
    i++;
  }
  return field <= RSS ? null : stat;
}

/** Whether bytes [start, end) are the ASCII characters of `text`. */
function spells(bytes: Buffer, start: number, end: number, text: string): boolean {
  if (text.length !== end - start) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f || code !== bytes[start + i]) return false;
  }
  return true;
}

/** Parses the number at `start` into its field; returns where the digits end. */
function store(stat: StatFields, field: number, bytes: Buffer, start: number, length: number): number {
  let i = start;
  const negative = bytes[i] === MINUS;
  if (negative) i++;
  let value = 0;
  for (; i < length; i++) {
    const digit = (bytes[i] ?? SPACE) - ZERO;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  if (negative) value = -value;
  if (field === PPID) stat.ppid = value;
  else if (field === FLAGS) stat.flags = value;
  else if (field === UTIME || field === STIME) stat.cpuTicks += value;
  else if (field === STARTTIME) stat.startTicks = value;
  else if (field === RSS) stat.rssPages = value;
  else if (field === STARTSTACK) stat.stackStart = value;
  else if (field === ARG_START) stat.argStart = value;
  else stat.argEnd = value;
  return i;
}
