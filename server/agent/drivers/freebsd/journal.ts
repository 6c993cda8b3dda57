import path from "node:path";
import { z } from "zod";
import { jailNameSchema, planKindSchema } from "../../protocol";
import { OperationJournal, type JournalFiles } from "../shared/journal";
import type { CommandRunner } from "./runner";
import type { FreebsdExecution } from "./steps";

/** The programs a FreeBSD plan runs: a journal edited by hand cannot make recovery run anything else. */
const PLAN_PROGRAMS = ["mkdir", "tar", "cp", "chflags", "rm", "rctl", "jail", "ifconfig"];

const stepSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("run"),
    argv: z
      .array(z.string().refine((arg) => !arg.includes("\0")))
      .min(2)
      .refine((argv) => PLAN_PROGRAMS.includes(argv[0]!), "not a program a plan runs"),
    why: z.string(),
    timeoutMs: z.number().int().positive().optional(),
    onFailure: z.enum(["fail", "ignore", "owned-dir", "limit"]),
  }),
  z.object({ type: z.literal("write-conf") }),
  z.object({ type: z.literal("remove-conf") }),
  /** A move's writes: only jail(8) configuration files (absolute, *.conf, no "..") are written by recovery. */
  z.object({
    type: z.literal("write-file"),
    file: z
      .string()
      .regex(/^\/[^\0]*\.conf$/)
      .refine((file) => !file.split("/").includes(".."), "no .. in a journaled path"),
    content: z.string(),
  }),
]);

/**
 * A FreeBSD operation in progress: the plan's own steps (what the caller was shown) and how far
 * it got. Unlike Linux, recovery runs the plan's remaining steps, validated as above.
 */
export const freebsdJournalEntrySchema = z.object({
  kind: planKindSchema,
  name: jailNameSchema,
  configAfter: z.string().nullable(),
  configPath: z.string().optional(),
  steps: z.array(stepSchema),
  /** The step in flight: every step before it finished. */
  next: z.number().int().nonnegative(),
  /** Create: the directories it made so far (rolled back by recovery). */
  made: z.array(z.string()),
  startedAt: z.number(),
});

export type FreebsdJournalEntry = z.infer<typeof freebsdJournalEntrySchema>;
export type FreebsdJournal = OperationJournal<FreebsdJournalEntry>;

/** Through the runner, so tests with the recording runner see (and keep) every journal write. */
const runnerFiles = (runner: CommandRunner): JournalFiles => ({
  ensureDir: async () => undefined,
  read: (file) => runner.readFile(file),
  write: (file, content) => runner.writeFile(file, content),
  list: (dir) => runner.listDir(dir),
  remove: (file) => runner.removeFile(file),
});

export const freebsdJournal = (runner: CommandRunner, dir: string): FreebsdJournal =>
  new OperationJournal(path.posix.resolve(dir), freebsdJournalEntrySchema, runnerFiles(runner));

export const entryOf = (exec: FreebsdExecution, next: number, made: string[]): FreebsdJournalEntry => ({
  kind: exec.kind,
  name: exec.name,
  configAfter: exec.configAfter,
  ...(exec.configPath ? { configPath: exec.configPath } : {}),
  steps: exec.steps,
  next,
  made: [...made],
  startedAt: Date.now(),
});
