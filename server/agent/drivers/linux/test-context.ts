import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import type { AgentEvent } from "../../protocol";
import { parsePool } from "../shared/ip-pool";
import { RecordingRunner } from "../shared/recording-runner";
import type { LinuxContext } from "./context";
import { linuxJournal } from "./journal";
import { Lxc } from "./lxc";
import { DefinitionStore } from "./store";

/** A Linux driver context on a recording runner, in a temp root of its own (driver tests); `events`, what it emitted. */
export async function recordedLinuxContext(prefix: string, poolCidr: string) {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  // Jails are unprivileged: their root ids must pass through the LXC path's parents.
  chmodSync(root, 0o711);
  const lxcPath = path.join(root, "lxc");
  mkdirSync(lxcPath);
  // The mount table the agent reads: empty, until a test lists what it pretends is mounted.
  writeFileSync(path.join(root, "mountinfo"), "");
  const runner = new RecordingRunner();
  const log = pino({ level: "silent" });
  const store = new DefinitionStore(path.join(root, "state"), log);
  await store.init();
  const journal = linuxJournal(path.join(root, "state"));
  await journal.init();
  const pool = parsePool(poolCidr);
  const events: AgentEvent[] = [];
  const ctx: LinuxContext = {
    runner,
    lxc: new Lxc(runner, lxcPath),
    store,
    journal,
    creating: new Set(),
    pool,
    bridge: "stktest0",
    lxcPath,
    protectedPaths: [lxcPath, path.join(root, "state")],
    shareDir: path.join(root, "shares"),
    cgroupVersion: 2,
    config: { bridge: "stktest0", pool, cgroupVersion: 2, appArmor: false },
    templates: {
      runner,
      lxcPath,
      templateDir: path.join(root, "templates"),
      createConfig: path.join(root, "create.conf"),
      mountinfo: path.join(root, "mountinfo"),
      emit: (event) => events.push(event),
    },
    log,
  };
  return { root, runner, ctx, events };
}

export const INFO = (lxcPath: string, name: string) => ["lxc-info", "-P", lxcPath, "-n", name, "-s", "-p"];
/** lxc-info as LXC answers for one container: its state, and its init's pid while it runs. */
export const lxcInfo = (state: string, pid?: number) => ({ stdout: `State:          ${state}\n${pid ? `PID:            ${pid}\n` : ""}` });

/** What lxc-create -t busybox leaves: a config and a rootfs with an inittab. */
export function fakeBusyboxCreate(lxcPath: string, name: string) {
  const rootfs = path.join(lxcPath, name, "rootfs");
  mkdirSync(path.join(rootfs, "etc", "init.d"), { recursive: true });
  writeFileSync(path.join(rootfs, "etc", "inittab"), "::sysinit:/etc/init.d/rcS\n");
  writeFileSync(path.join(lxcPath, name, "config"), `lxc.rootfs.path = dir:${rootfs}\nlxc.uts.name = ${name}\n`);
  return {};
}
