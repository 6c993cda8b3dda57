import { z } from "zod";
import { AgentError } from "../../protocol";
import { parseLibxoJson } from "./libxo";

/** args must stay last: ps lets only the last column run to the end of the line. */
export const PS_ARGV = [
  "env",
  "LC_ALL=C",
  "TZ=UTC",
  "ps",
  "-ax",
  "-ww",
  "-o",
  "pid,ppid,jid,jail,uid,user,%cpu,%mem,rss,vsz,etimes,lstart,state,comm,args",
  "--libxo",
  "json",
];

export interface PsProcess {
  pid: number;
  ppid: number;
  /** 0 for the host. */
  jid: number;
  /** null for the host ("-" in ps). */
  jail: string | null;
  uid: number;
  /** A jail-only user has no host passwd entry: ps shows its number. */
  user: string;
  cpuPercent: number;
  memoryPercent: number;
  rssBytes: number;
  vszBytes: number;
  elapsedSeconds: number;
  startedAt: number;
  state: string;
  /** The J state flag: the process is jailed. */
  jailed: boolean;
  command: string;
  args: string;
}

const text = z.string();
const psRowSchema = z.object({
  pid: text,
  ppid: text,
  "jail-id": text,
  "jail-name": text,
  uid: text,
  user: text,
  "percent-cpu": text,
  "percent-memory": text,
  rss: text,
  "virtual-size": text,
  "elapsed-times": text,
  "start-time": text,
  state: text,
  command: text,
  arguments: text.default(""),
});

const psDocumentSchema = z.object({
  "process-information": z.object({ process: z.array(z.unknown()).default([]) }),
});

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** lstart in the C locale, printed in UTC because the argv sets TZ=UTC: "Fri Feb 28 11:56:30 2025". */
export function parseLstart(value: string): number {
  const match = /^\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})$/.exec(value.trim());
  const month = match ? MONTHS.indexOf(match[1] ?? "") : -1;
  if (!match || month < 0) throw new AgentError("engine_failed", `ps printed an unreadable start time "${value}"`);
  const [, , day, hours, minutes, seconds, year] = match.map(Number);
  return Date.UTC(year ?? 0, month, day, hours, minutes, seconds);
}

function toNumber(value: string, field: string): number {
  const number = Number(value.trim());
  if (value.trim() === "" || !Number.isFinite(number)) {
    throw new AgentError("engine_failed", `ps printed a non-numeric ${field} "${value}"`);
  }
  return number;
}

function toProcess(raw: unknown): PsProcess {
  const row = psRowSchema.parse(raw);
  const jid = toNumber(row["jail-id"], "jail-id");
  const jailName = row["jail-name"].trim();
  return {
    pid: toNumber(row.pid, "pid"),
    ppid: toNumber(row.ppid, "ppid"),
    jid,
    jail: jid === 0 || jailName === "-" || jailName === "" ? null : jailName,
    uid: toNumber(row.uid, "uid"),
    user: row.user.trim(),
    cpuPercent: toNumber(row["percent-cpu"], "%cpu"),
    memoryPercent: toNumber(row["percent-memory"], "%mem"),
    rssBytes: toNumber(row.rss, "rss") * 1024,
    vszBytes: toNumber(row["virtual-size"], "vsz") * 1024,
    elapsedSeconds: toNumber(row["elapsed-times"], "etimes"),
    startedAt: parseLstart(row["start-time"]),
    state: row.state.trim(),
    jailed: row.state.includes("J"),
    command: row.command,
    args: row.arguments,
  };
}

/** Parses the ps JSON from PS_ARGV; a "__version" key beside the data is ignored. */
export function parsePs(stdout: string): PsProcess[] {
  const document = psDocumentSchema.safeParse(parseLibxoJson(stdout, "ps"));
  if (!document.success) throw new AgentError("engine_failed", "ps printed JSON of an unexpected shape");
  try {
    return document.data["process-information"].process.map(toProcess);
  } catch (error) {
    if (error instanceof AgentError) throw error;
    throw new AgentError("engine_failed", "ps printed a process row of an unexpected shape", { reason: String(error) });
  }
}
