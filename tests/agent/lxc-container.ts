import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { allocateIdRange, rangesInUse } from "@/server/agent/drivers/linux/contain/id-ranges";
import { idMapLines } from "@/server/agent/drivers/linux/contain/security-config";

const run = promisify(execFile);

/** A throwaway busybox LXC container in a private LXC path, for tests and benchmarks. */
export interface BusyboxContainer {
  name: string;
  lxcPath: string;
  initPid: number;
  /** Runs argv inside the container; lxc-attach stays on the host until it exits. */
  attach(argv: string[]): ChildProcess;
  /** Stops (killing), destroys and removes the LXC path; never throws. */
  destroy(): Promise<void>;
}

/** Unprivileged like every Stockade jail: its own range of ids, so readers must map them back. */
const config = (idRangeStart: number) =>
  [
    // Nothing here needs a network, and the host may have no lxcbr0.
    "lxc.net.0.type = empty",
    // Kernels without AppArmor refuse a generated profile.
    "lxc.apparmor.profile = unconfined",
    ...idMapLines(idRangeStart),
    "",
  ].join("\n");

export async function lxcAvailable(): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  try {
    await run("lxc-create", ["--version"]);
    return true;
  } catch {
    return false;
  }
}

export async function startBusyboxContainer(prefix: string): Promise<BusyboxContainer> {
  const lxcPath = await fs.mkdtemp(path.join(os.tmpdir(), `${prefix}lxc-`));
  const name = `${prefix}${randomBytes(4).toString("hex")}`;
  const container: BusyboxContainer = {
    name,
    lxcPath,
    initPid: 0,
    attach: (argv) => spawn("lxc-attach", ["-P", lxcPath, "-n", name, "--", ...argv], { stdio: "ignore" }),
    destroy: () => destroy(lxcPath, name),
  };
  try {
    await create(lxcPath, name);
    await run("lxc-start", ["-P", lxcPath, "-n", name]);
    await run("lxc-wait", ["-P", lxcPath, "-n", name, "-s", "RUNNING", "-t", "10"]);
    const { stdout } = await run("lxc-info", ["-P", lxcPath, "-n", name, "-pH"]);
    container.initPid = Number(stdout.trim());
    return container;
  } catch (error) {
    await container.destroy();
    throw error;
  }
}

async function create(lxcPath: string, name: string): Promise<void> {
  const configPath = path.join(lxcPath, "base.conf");
  // The container's root id must pass through its LXC path.
  await fs.chmod(lxcPath, 0o711);
  await fs.writeFile(configPath, config(allocateIdRange([], await rangesInUse())));
  await run("lxc-create", ["-P", lxcPath, "-n", name, "-t", "busybox", "-f", configPath]);
  // udhcpc in rcS blocks boot waiting for a DHCP answer that never comes.
  const rcS = path.join(lxcPath, name, "rootfs", "etc", "init.d", "rcS");
  const script = await fs.readFile(rcS, "utf8");
  await fs.writeFile(
    rcS,
    script
      .split("\n")
      .filter((line) => !line.includes("/bin/udhcpc"))
      .join("\n"),
  );
}

async function destroy(lxcPath: string, name: string): Promise<void> {
  await run("lxc-stop", ["-P", lxcPath, "-n", name, "-k"]).catch(() => undefined);
  await run("lxc-destroy", ["-P", lxcPath, "-n", name]).catch(() => undefined);
  await fs.rm(lxcPath, { recursive: true, force: true });
}
