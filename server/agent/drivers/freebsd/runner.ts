import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { RecordingRunner as RecordingCommands, type RecordedOutput } from "../shared/recording-runner";
import { createRunner, type Runner } from "../shared/runner";

/**
 * Everything the FreeBSD driver does to the host goes through this interface, so tests can
 * assert the exact argv sequence and every file written, and development can replay a
 * recorded host. Commands go through the shared runner; files are the FreeBSD driver's own.
 */
export interface CommandRunner extends Runner {
  /** null when the file does not exist. */
  readFile(file: string): Promise<string | null>;
  /** File names (not paths) in a directory; empty when it does not exist. */
  listDir(dir: string): Promise<string[]>;
  writeFile(file: string, content: string): Promise<void>;
  removeFile(file: string): Promise<void>;
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === "ENOENT";
}

/** The real runner: the shared runner plus the host's files. */
export function createExecFileRunner(): CommandRunner {
  const commands = createRunner();
  return {
    run: (argv, options) => commands.run(argv, options),
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

export type FileCall = { kind: "write"; file: string; content: string } | { kind: "remove"; file: string };

/** The shared scripted runner, with an in-memory file system whose writes and removes are recorded too. */
export class RecordingRunner extends RecordingCommands<FileCall> implements CommandRunner {
  readonly files = new Map<string, string>();

  constructor(outputs: Array<[string[], RecordedOutput]> = [], files: Record<string, string> = {}) {
    super(outputs);
    for (const [file, content] of Object.entries(files)) this.files.set(file, content);
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
