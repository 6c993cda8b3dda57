import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

export interface RunOptions {
  timeoutMs?: number;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Everything the FreeBSD driver does to the host goes through this interface, so tests can
 * assert the exact argv sequence and every file written, and development can replay a
 * recorded host. Commands are argument arrays: no implementation may involve a shell.
 */
export interface CommandRunner {
  run(argv: string[], opts?: RunOptions): Promise<RunResult>;
  /** null when the file does not exist. */
  readFile(file: string): Promise<string | null>;
  /** File names (not paths) in a directory; empty when it does not exist. */
  listDir(dir: string): Promise<string[]>;
  writeFile(file: string, content: string): Promise<void>;
  removeFile(file: string): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === "ENOENT";
}

/** The real runner: execFile with an argument array, never a shell. */
export function createExecFileRunner(): CommandRunner {
  return {
    run(argv, opts) {
      const [file, ...args] = argv;
      if (file === undefined) return Promise.reject(new Error("empty argv"));
      return new Promise((resolve) => {
        const options = { timeout: opts?.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES, shell: false };
        execFile(file, args, options, (error, stdout, stderr) => {
          // A non-zero exit is a result for the caller to judge, not an exception.
          const code = error ? (typeof error.code === "number" ? error.code : 127) : 0;
          const extra = error && typeof error.code !== "number" ? `${error.message}\n` : "";
          resolve({ exitCode: code, stdout: String(stdout), stderr: extra + String(stderr) });
        });
      });
    },
    async readFile(file) {
      try {
        return await readFile(file, "utf8");
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
    async listDir(dir) {
      try {
        return (await readdir(dir)).sort();
      } catch (error) {
        if (isNotFound(error)) return [];
        throw error;
      }
    },
    async writeFile(file, content) {
      await mkdir(path.dirname(file), { recursive: true });
      // 0600: the conf carries exec.* commands run as root; nobody else should edit it.
      await writeFile(file, content, { mode: 0o600 });
    },
    async removeFile(file) {
      await rm(file, { force: true });
    },
  };
}

export type RecordedCall =
  { kind: "run"; argv: string[] } | { kind: "write"; file: string; content: string } | { kind: "remove"; file: string };

export type RecordedOutput = Partial<RunResult> | ((argv: string[]) => Partial<RunResult>);

/** Keys a command by its argv, with a character that never occurs in an argument. */
export function argvKey(argv: readonly string[]): string {
  return argv.join("\u0000");
}

/**
 * A scripted runner for tests: outputs are keyed by exact argv; every call, write and
 * remove is recorded in order. An unscripted command fails loudly so a test never passes
 * on a command it did not expect.
 */
export class RecordingRunner implements CommandRunner {
  readonly calls: RecordedCall[] = [];
  readonly files = new Map<string, string>();
  private readonly outputs = new Map<string, RecordedOutput>();

  constructor(outputs: Array<[string[], RecordedOutput]> = [], files: Record<string, string> = {}) {
    for (const [argv, output] of outputs) this.on(argv, output);
    for (const [file, content] of Object.entries(files)) this.files.set(file, content);
  }

  on(argv: string[], output: RecordedOutput): this {
    this.outputs.set(argvKey(argv), output);
    return this;
  }

  /** The argv of every command run, in order. */
  get commands(): string[][] {
    return this.calls.flatMap((call) => (call.kind === "run" ? [call.argv] : []));
  }

  async run(argv: string[]): Promise<RunResult> {
    this.calls.push({ kind: "run", argv: [...argv] });
    const output = this.outputs.get(argvKey(argv));
    if (output === undefined) throw new Error(`RecordingRunner: unexpected command ${JSON.stringify(argv)}`);
    const result = typeof output === "function" ? output(argv) : output;
    return { exitCode: result.exitCode ?? 0, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
  }

  async readFile(file: string): Promise<string | null> {
    return this.files.get(file) ?? null;
  }

  /** Like readdir: the files and the subdirectories directly in dir. */
  async listDir(dir: string): Promise<string[]> {
    const prefix = dir.endsWith("/") ? dir : `${dir}/`;
    const names = [...this.files.keys()].filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length).split("/")[0]!);
    return [...new Set(names)].sort();
  }

  async writeFile(file: string, content: string): Promise<void> {
    this.calls.push({ kind: "write", file, content });
    this.files.set(file, content);
  }

  async removeFile(file: string): Promise<void> {
    this.calls.push({ kind: "remove", file });
    this.files.delete(file);
  }
}
