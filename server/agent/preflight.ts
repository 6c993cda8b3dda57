import { access, constants, readFile, statfs } from "node:fs/promises";
import path from "node:path";

const LXC_TOOLS = ["lxc-create", "lxc-copy", "lxc-start", "lxc-wait", "lxc-attach", "lxc-stop", "lxc-destroy", "lxc-ls", "lxc-cgroup"];
const INSTALL = "apt-get install -y --no-install-recommends lxc busybox-static debootstrap";

async function onPath(tool: string): Promise<boolean> {
  const dirs = (process.env.PATH ?? "").split(":").filter(Boolean);
  for (const dir of dirs) {
    if (
      await access(path.join(dir, tool), constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return true;
  }
  return false;
}

async function missingControllers(): Promise<string[]> {
  const wanted = ["memory", "pids", "cpu"];
  const fs = await statfs("/sys/fs/cgroup").catch(() => null);
  if (fs === null) return wanted;
  if (fs.type === 0x63677270) {
    const available = (await readFile("/sys/fs/cgroup/cgroup.controllers", "utf8").catch(() => "")).split(/\s+/);
    return wanted.filter((c) => !available.includes(c));
  }
  const present = await Promise.all(
    wanted.map((c) =>
      access(`/sys/fs/cgroup/${c}`).then(
        () => true,
        () => false,
      ),
    ),
  );
  return wanted.filter((_, i) => !present[i]);
}

/** Every reason the Linux driver cannot work here, each with what to do about it. */
export async function linuxPreflight(): Promise<string[]> {
  const problems: string[] = [];
  if (process.getuid?.() !== 0) {
    problems.push("The agent must run as root: it creates containers, veth pairs and cgroups (run it with sudo or as a root service).");
  }
  const missingTools = [];
  for (const tool of [...LXC_TOOLS, "ip", "nsenter"]) if (!(await onPath(tool))) missingTools.push(tool);
  if (missingTools.length) problems.push(`Missing commands: ${missingTools.join(", ")}. Install them with: ${INSTALL} iproute2 util-linux`);
  const controllers = await missingControllers();
  if (controllers.length) {
    problems.push(
      `cgroup controllers missing under /sys/fs/cgroup: ${controllers.join(", ")}. Mount cgroups (cgroup v2, or v1 with memory, pids and cpu) and enable the memory controller (kernel cgroup_enable=memory).`,
    );
  }
  return problems;
}
