import path from "node:path";
import { AgentError } from "../../protocol";
import type { LinuxContext } from "./context";
import { requireRunning } from "./jails";
import type { AttachIo } from "./lxc";

const STEP_TIMEOUT_SECONDS = 120;

/** A command inside the jail that must succeed; its stderr is the error message. */
export async function attachOrFail(
  ctx: LinuxContext,
  name: string,
  argv: string[],
  io: AttachIo = {},
  timeoutSeconds = STEP_TIMEOUT_SECONDS,
) {
  const result = await ctx.lxc.attach(name, argv, timeoutSeconds, io);
  if (result.exitCode !== 0) {
    const output = (result.stderr || result.stdout).trim().split("\n").slice(-5).join("\n");
    throw new AgentError("engine_failed", `${argv[0]} in ${name} failed (exit ${result.exitCode})${output ? `: ${output}` : ""}`, {
      jail: name,
      command: argv,
    });
  }
  return result;
}

/**
 * Writes a file through the jail's own tools (mkdir, dd, chmod run by lxc-attach): the jail's
 * root is the jail's to shape, and a link it planted resolves inside the jail, never on the host.
 */
export async function writeJailFile(
  ctx: LinuxContext,
  name: string,
  file: string,
  content: string | Buffer,
  mode: string,
): Promise<number> {
  await requireRunning(ctx, name);
  await attachOrFail(ctx, name, ["mkdir", "-p", path.posix.dirname(file)]);
  await attachOrFail(ctx, name, ["dd", `of=${file}`, "bs=65536"], { input: content });
  await attachOrFail(ctx, name, ["chmod", mode, file]);
  return Buffer.byteLength(content);
}
