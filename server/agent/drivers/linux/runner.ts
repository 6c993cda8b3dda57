import { execFile, spawn } from "node:child_process";
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

export interface CommandRecord {
  file: string;
  args: readonly string[];
  at: number;
}

/** Every OS command the Linux driver runs goes through here: one place to log and to spy on. */
export interface Runner {
  run(file: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
}

export type CommandLogger = (record: CommandRecord) => void;

const MAX_BUFFER = 16 * 1024 * 1024;

function failure(file: string, args: readonly string[], result: RunResult): AgentError {
  const output = (result.stderr || result.stdout).trim().split("\n").slice(-5).join("\n");
  return new AgentError("engine_failed", `${file} failed (exit ${result.exitCode})${output ? `: ${output}` : ""}`, {
    command: [file, ...args],
    exitCode: result.exitCode,
  });
}

function runBuffered(file: string, args: readonly string[], timeoutMs: number, input?: string | Buffer): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, [...args], { timeout: timeoutMs, maxBuffer: MAX_BUFFER, encoding: "utf8" }, (error, stdout, stderr) => {
      // Node kills the child once it passes maxBuffer: the tool ran, its output is the problem.
      if (error?.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") {
        reject(
          new AgentError("engine_failed", `${file} failed: output too large (over ${MAX_BUFFER / 1024 / 1024} MiB)`, {
            command: [file, ...args],
          }),
        );
        return;
      }
      if (error && typeof error.code === "string") {
        reject(new AgentError("unavailable", `Cannot run ${file}: ${error.code}`, { command: [file, ...args] }));
        return;
      }
      const exitCode = error ? (typeof error.code === "number" ? error.code : 124) : 0;
      resolve({ exitCode, stdout, stderr: error?.killed ? `${stderr}\n(timed out after ${timeoutMs} ms)` : stderr });
    });
    // A command that exits without reading all of its input must not crash the agent with EPIPE.
    child.stdin?.on("error", () => {});
    child.stdin?.end(input);
  });
}

function runStreaming(file: string, args: readonly string[], timeoutMs: number, onLine: (line: string) => void): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    const chunks = { stdout: "", stderr: "" };
    const collect = (stream: "stdout" | "stderr") => {
      let partial = "";
      child[stream].setEncoding("utf8").on("data", (data: string) => {
        chunks[stream] = (chunks[stream] + data).slice(-MAX_BUFFER);
        const lines = (partial + data).split("\n");
        partial = lines.pop() ?? "";
        lines.filter((l) => l.trim()).forEach(onLine);
      });
    };
    collect("stdout");
    collect("stderr");
    child.on("error", (error) =>
      reject(new AgentError("unavailable", `Cannot run ${file}: ${error.message}`, { command: [file, ...args] })),
    );
    child.on("close", (code) => resolve({ exitCode: code ?? 124, ...chunks }));
  });
}

export function createRunner(log: CommandLogger = () => {}): Runner {
  return {
    async run(file, args, options = {}) {
      log({ file, args, at: Date.now() });
      const timeoutMs = options.timeoutMs ?? 60_000;
      const result = options.onLine
        ? await runStreaming(file, args, timeoutMs, options.onLine)
        : await runBuffered(file, args, timeoutMs, options.input);
      if (result.exitCode !== 0 && !options.allowFailure) throw failure(file, args, result);
      return result;
    },
  };
}
