import { spawn } from "node:child_process";
import { sealedStdio } from "./inherited-fds";
import { AgentError } from "../../protocol";

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  timeoutMs?: number;
  /** Treat a non-zero exit as a result instead of an engine_failed error. */
  allowFailure?: boolean;
  /** Called with each line of stdout and stderr as it arrives (long tasks). */
  onLine?: (line: string) => void;
  /** Sent to the command's stdin (a file's content streamed into a jail), then closed. */
  input?: string | Buffer;
}

/**
 * Every OS command a driver runs goes through here: one place to log, to limit and to spy on.
 * Commands are argument arrays; no implementation may involve a shell.
 */
export interface Runner {
  run(argv: readonly string[], options?: RunOptions): Promise<RunResult>;
}

export interface CommandRecord {
  argv: readonly string[];
  at: number;
}

export type CommandLogger = (record: CommandRecord) => void;

export const DEFAULT_TIMEOUT_MS = 120_000;
export const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** A command that ran and failed, as engine_failed carrying its exit code and stderr. */
export function commandFailure(argv: readonly string[], result: RunResult): AgentError {
  const stderr = result.stderr.trim();
  const output = (stderr || result.stdout.trim()).split("\n").slice(-5).join("\n");
  return new AgentError("engine_failed", `${argv[0]} failed (exit ${result.exitCode})${output ? `: ${output}` : ""}`, {
    argv: [...argv],
    exitCode: result.exitCode,
    stderr,
  });
}

/** The one exit-code policy, shared by the real runner and the test and replay runners. */
export function settle(argv: readonly string[], result: RunResult, options: RunOptions = {}): RunResult {
  if (result.exitCode !== 0 && !options.allowFailure) throw commandFailure(argv, result);
  return result;
}

function cannotRun(argv: readonly string[], reason: string): AgentError {
  return new AgentError("unavailable", `Cannot run ${argv[0]}: ${reason}`, { argv: [...argv] });
}

/** Collects a stream's text, giving up (once) when it passes MAX_OUTPUT_BYTES. */
function collector(onOverflow: () => void) {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    add(chunk: Buffer) {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) onOverflow();
      else chunks.push(chunk);
    },
    text: () => Buffer.concat(chunks).toString("utf8"),
  };
}

/**
 * execFile's contract (output limit, timeout, exit code 124 for a killed command) on spawn, whose
 * stdio can be sealed: execFile hands a child every inheritable fd of the agent.
 */
function runBuffered(argv: readonly string[], timeoutMs: number, input?: string | Buffer): Promise<RunResult> {
  const [file = "", ...args] = argv;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: sealedStdio(["pipe", "pipe", "pipe"]), timeout: timeoutMs });
    let overflowed = false;
    const overflow = () => {
      if (overflowed) return;
      overflowed = true;
      child.kill();
      const limit = MAX_OUTPUT_BYTES / 1024 / 1024;
      reject(new AgentError("engine_failed", `${file} failed: output too large (over ${limit} MiB)`, { argv: [...argv] }));
    };
    const stdout = collector(overflow);
    const stderr = collector(overflow);
    child.stdout?.on("data", stdout.add);
    child.stderr?.on("data", stderr.add);
    child.on("error", (error: NodeJS.ErrnoException) => reject(cannotRun(argv, error.code ?? error.message)));
    child.on("close", (code, signal) => {
      if (overflowed) return;
      const timedOut = signal !== null && child.killed;
      const note = timedOut ? `\n(timed out after ${timeoutMs} ms)` : "";
      resolve({ exitCode: code ?? 124, stdout: stdout.text(), stderr: stderr.text() + note });
    });
    // A command that exits without reading all of its input must not crash the agent with EPIPE.
    child.stdin?.on("error", () => {});
    child.stdin?.end(input);
  });
}

function runStreaming(argv: readonly string[], timeoutMs: number, onLine: (line: string) => void): Promise<RunResult> {
  const [file = "", ...args] = argv;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: sealedStdio(["ignore", "pipe", "pipe"]), timeout: timeoutMs });
    const chunks = { stdout: "", stderr: "" };
    const collect = (stream: "stdout" | "stderr") => {
      let partial = "";
      child[stream]?.setEncoding("utf8").on("data", (data: string) => {
        chunks[stream] = (chunks[stream] + data).slice(-MAX_OUTPUT_BYTES);
        const lines = (partial + data).split("\n");
        partial = lines.pop() ?? "";
        lines.filter((l) => l.trim()).forEach(onLine);
      });
    };
    collect("stdout");
    collect("stderr");
    child.on("error", (error) => reject(cannotRun(argv, error.message)));
    child.on("close", (code) => resolve({ exitCode: code ?? 124, ...chunks }));
  });
}

/** The real runner: spawn with an argument array, buffered or streaming lines. */
export function createRunner(log: CommandLogger = () => {}): Runner {
  return {
    async run(argv, options = {}) {
      if (argv.length === 0) throw new AgentError("invalid_input", "Nothing to run");
      log({ argv, at: Date.now() });
      const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const result = options.onLine
        ? await runStreaming(argv, timeoutMs, options.onLine)
        : await runBuffered(argv, timeoutMs, options.input);
      return settle(argv, result, options);
    },
  };
}
