import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { AgentError } from "../../protocol";
import { argvKey } from "../shared/recording-runner";
import { settle, type RunOptions, type RunResult } from "../shared/runner";
import type { CommandRunner } from "./runner";

/**
 * A recorded host directory:
 *   manifest.json   {"commands": [{"argv": [...], "stdout": "file", "stderr"?: "text", "exitCode"?: n}]}
 *   outputs/…       the recorded stdout of each command
 *   root/…          files the driver reads, at their host path (root/etc/jail.conf.d/www1.conf)
 */
const manifestSchema = z.object({
  commands: z.array(
    z.object({
      argv: z.array(z.string()).min(1),
      stdout: z.string(),
      stderr: z.string().default(""),
      exitCode: z.number().int().default(0),
    }),
  ),
});

function refuse(what: string): never {
  throw new AgentError("unsupported", `This host is replayed from recordings and cannot change: refused ${what}`, {
    recorded: true,
  });
}

/**
 * Serves a recorded host read-only. Mutating commands and unrecorded commands are refused
 * with an `unsupported` AgentError rather than simulated: a pretend success would show the
 * UI a state change the next read contradicts.
 */
export class ReplayRunner implements CommandRunner {
  private readonly outputs = new Map<string, RunResult>();
  private readonly rootDir: string;

  constructor(dir: string) {
    this.rootDir = path.join(dir, "root");
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")));
    for (const command of manifest.commands) {
      const stdout = readFileSync(path.join(dir, "outputs", command.stdout), "utf8");
      this.outputs.set(argvKey(command.argv), { exitCode: command.exitCode, stdout, stderr: command.stderr });
    }
  }

  async run(argv: readonly string[], options?: RunOptions): Promise<RunResult> {
    const recorded = this.outputs.get(argvKey(argv));
    if (!recorded) refuse(`command ${JSON.stringify(argv)} (not recorded)`);
    return settle(argv, { ...recorded }, options);
  }

  async readFile(file: string): Promise<string | null> {
    try {
      return readFileSync(this.hostPath(file), "utf8");
    } catch {
      return null;
    }
  }

  async listDir(dir: string): Promise<string[]> {
    try {
      return readdirSync(this.hostPath(dir)).sort();
    } catch {
      return [];
    }
  }

  async writeFile(file: string): Promise<void> {
    refuse(`writing ${file}`);
  }

  async removeFile(file: string): Promise<void> {
    refuse(`removing ${file}`);
  }

  /** Maps a host path into root/, never outside it. */
  private hostPath(file: string): string {
    const resolved = path.resolve(this.rootDir, `.${path.posix.resolve("/", file)}`);
    if (resolved !== this.rootDir && !resolved.startsWith(`${this.rootDir}${path.sep}`)) refuse(`reading ${file}`);
    return resolved;
  }
}
