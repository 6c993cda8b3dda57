import { AgentError, type PlanCommand, type PlanKind } from "../../protocol";
import { commandFailure } from "../shared/runner";
import { confPath, type DriverContext } from "./context";
import type { Unwritable } from "./writable";

/** How a command's failure is read: most fail the plan; some are expected to fail harmlessly. */
export type FailureRule = "fail" | "ignore" | "owned-dir" | "limit";

export type FreebsdStep =
  | { type: "run"; argv: string[]; why: string; timeoutMs?: number; onFailure: FailureRule }
  | { type: "write-conf" }
  | { type: "remove-conf" }
  /** A file other than the jail's own conf (a move writes the jail's new file before cutting its old block). */
  | { type: "write-file"; file: string; content: string };

export interface FreebsdExecution {
  kind: PlanKind;
  name: string;
  configAfter: string | null;
  /** The file write-conf writes, when it is not the jail's own jail.conf.d file (an adopted jail's). */
  configPath?: string;
  steps: FreebsdStep[];
  /** Create: the addresses held until the conf records them, the directories it owns (removed on failure). */
  ipv4: string[];
  owned: string[];
  /** Files the plan writes that the host would refuse: apply refuses the plan before running anything. */
  unwritable?: Unwritable[];
}

export const step = (argv: string[], why: string, onFailure: FailureRule = "fail", timeoutMs?: number): FreebsdStep => ({
  type: "run",
  argv,
  why,
  onFailure,
  ...(timeoutMs ? { timeoutMs } : {}),
});

export function shownCommands(steps: readonly FreebsdStep[]): PlanCommand[] {
  return steps.flatMap((s) => (s.type === "run" ? [{ argv: s.argv, why: s.why }] : []));
}

function failure(ctx: DriverContext, s: Extract<FreebsdStep, { type: "run" }>, stderr: string, exitCode: number) {
  if (s.onFailure === "owned-dir" && stderr.includes("File exists")) {
    const dir = s.argv.at(-1)!;
    return new AgentError(
      "conflict",
      `${dir} already exists (left by an earlier create or another tool); remove it or choose another name`,
      {
        path: dir,
      },
    );
  }
  if (s.onFailure === "limit") {
    return new AgentError("engine_failed", `The limit ${s.argv.at(-1)} was refused: ${stderr.trim()}`, { stderr: stderr.trim() });
  }
  return commandFailure(s.argv, { exitCode, stdout: "", stderr });
}

/** Runs one step exactly as the plan shows it. */
export async function runStep(ctx: DriverContext, exec: FreebsdExecution, s: FreebsdStep): Promise<void> {
  if (s.type === "write-conf") return ctx.runner.writeFile(exec.configPath ?? confPath(ctx, exec.name), exec.configAfter!);
  if (s.type === "remove-conf") return ctx.runner.removeFile(confPath(ctx, exec.name));
  if (s.type === "write-file") return ctx.runner.writeFile(s.file, s.content);
  const result = await ctx.runner.run(s.argv, { timeoutMs: s.timeoutMs, allowFailure: true });
  if (result.exitCode !== 0 && s.onFailure !== "ignore") throw failure(ctx, s, result.stderr, result.exitCode);
}
