/**
 * The operate bench's baseline: what the agent's create+start plan does for an unprivileged
 * busybox jail, typed as an admin would in a shell loop. The config text each jail gets is
 * rendered by the agent's own code (managedBlock), the way an admin keeps a config snippet
 * ready; everything else — the id map lxc-create reads (it then chowns the rootfs into the
 * jail's ids), the rc scripts, the template's lines replaced, lxc-start with the same logs —
 * runs inside the timed loop, as the agent runs it inside the timed web calls.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { BUSYBOX_RCK, BUSYBOX_RCS } from "../../server/agent/drivers/linux/busybox-init";
import { BUSYBOX_DONE_LINE } from "../../server/agent/drivers/linux/contain/shutdown-done";
import { FIRST_JAIL_ID, IDS_PER_JAIL, JAIL_RANGE_SLOTS } from "../../server/agent/drivers/linux/contain/id-ranges";
import { detectCgroupVersion } from "../../server/agent/drivers/linux/driver";
import { managedBlock, vethPairName, type ConfigContext } from "../../server/agent/drivers/linux/lxc-config";
import { parsePool } from "../../server/agent/drivers/shared/ip-pool";
import { hostnameFor, type JailDefinition } from "../../server/agent/drivers/linux/store";

const run = promisify(execFile);

/**
 * Per jail NAME=IDS: the id map, lxc-create, the rc scripts and inittab lines the agent
 * installs, the template's lines for keys the agent owns deleted and its block appended,
 * lxc-start with the agent's log options, lxc-wait.
 */
export const SHELL_LOOP = `set -e
P="$1"; INIT="$2"; shift 2
owned='^\\s*(lxc\\.(uts\\.name|net\\.|apparmor\\.profile|init\\.cmd|cgroup2?\\.(memory|pids|cpu|devices)\\.|include|hook\\.|seccomp\\.|cap\\.|mount\\.auto|idmap|pty\\.max)|lxc\\.mount\\.entry\\s*=\\s*/)'
for spec in "$@"; do
  n="\${spec%%=*}"; ids="\${spec#*=}"
  printf 'lxc.idmap = u 0 %s 65536\\nlxc.idmap = g 0 %s 65536\\n' "$ids" "$ids" > "$P/$n.idmap"
  lxc-create -P "$P" -n "$n" -t busybox -f "$P/$n.idmap" > /dev/null
  rm "$P/$n.idmap"
  etc="$P/$n/rootfs/etc"
  cat "$INIT/rcS" > "$etc/init.d/rcS"
  cat "$INIT/rcK" > "$etc/init.d/rcK" && chmod 755 "$etc/init.d/rcK"
  sed -i -e '/^\\s*$/d' -e 's/^::sysinit:/console::sysinit:/' "$etc/inittab"
  cat "$INIT/inittab" >> "$etc/inittab"
  sed -i -E "\\%$owned%d" "$P/$n/config"
  cat "$P/$n.stockade" >> "$P/$n/config"
  lxc-start -P "$P" -n "$n" -o "$P/$n/stockade-start.log" -l ERROR -L "$P/$n/stockade-console.log"
  lxc-wait -P "$P" -n "$n" -s RUNNING -t 10
done
`;

export interface ShellJail {
  name: string;
  ipv4: string;
}

/** The top id ranges: the agents on this machine (ours and other tests') hand theirs out from the bottom. */
const idRangeOf = (index: number) => FIRST_JAIL_ID + (JAIL_RANGE_SLOTS - 1 - index) * IDS_PER_JAIL;

function definitionOf(lxcPath: string, jail: ShellJail, idRangeStart: number): JailDefinition {
  return {
    name: jail.name,
    template: "busybox",
    hostname: hostnameFor(jail.name),
    ipv4: jail.ipv4,
    vethPair: vethPairName(lxcPath, jail.name),
    limits: { memoryBytes: null, maxProcesses: null, cpuPercent: null },
    parameters: {},
    autostart: false,
    tags: [],
    createdAt: 0,
    security: { privileged: false, idRangeStart, rootfs: "lxc" },
    mounts: [],
  };
}

/** The files an admin would have ready before typing the loop: rc scripts, inittab lines, each jail's config block. */
export function prepareShellFiles(lxcPath: string, initDir: string, jails: ShellJail[], config: ConfigContext): string[] {
  fs.mkdirSync(initDir, { recursive: true });
  fs.writeFileSync(path.join(initDir, "rcS"), BUSYBOX_RCS);
  fs.writeFileSync(path.join(initDir, "rcK"), BUSYBOX_RCK);
  fs.writeFileSync(path.join(initDir, "inittab"), ["console::shutdown:/etc/init.d/rcK", BUSYBOX_DONE_LINE, ""].join("\n"));
  return jails.map((jail, index) => {
    const idRangeStart = idRangeOf(index);
    const block = managedBlock(definitionOf(lxcPath, jail, idRangeStart), config);
    fs.writeFileSync(path.join(lxcPath, `${jail.name}.stockade`), ["", ...block, ""].join("\n"));
    return `${jail.name}=${idRangeStart}`;
  });
}

/** What the agent detects at start-up (driver.ts), read the same way. */
export async function hostConfig(bridge: string, cidr: string): Promise<ConfigContext> {
  return {
    bridge,
    pool: parsePool(cidr),
    cgroupVersion: await detectCgroupVersion(),
    appArmor: fs.existsSync("/sys/kernel/security/apparmor"),
  };
}

export async function runShellLoop(lxcPath: string, initDir: string, specs: string[]): Promise<void> {
  await run("bash", ["-c", SHELL_LOOP, "bench", lxcPath, initDir, ...specs]);
}

export async function removeShellJails(lxcPath: string, jails: ShellJail[]): Promise<void> {
  for (const { name } of jails) {
    await run("lxc-stop", ["-P", lxcPath, "-n", name, "-k"]).catch(() => undefined);
    await run("lxc-destroy", ["-P", lxcPath, "-n", name, "-f"]);
    fs.rmSync(path.join(lxcPath, `${name}.stockade`), { force: true });
  }
}

/**
 * A jail's config reduced to its keys, in order, with the values that are the jail's own
 * (name, address, veth, ids, paths) left out: a shell jail and a web jail must come out equal.
 */
export function configShape(lxcPath: string, name: string): string[] {
  return fs
    .readFileSync(path.join(lxcPath, name, "config"), "utf8")
    .split("\n")
    .filter((line) => /^\s*lxc\./.test(line))
    .map((line) => {
      const at = line.indexOf("=");
      const key = line.slice(0, at).trim();
      const own = /^lxc\.(uts\.name|net\.0\.(veth\.pair|ipv4\.address)|idmap|rootfs\.path)$/.test(key);
      return own ? key : `${key} = ${line.slice(at + 1).trim()}`;
    });
}
