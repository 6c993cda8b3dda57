import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { BUSYBOX_DONE_LINE } from "./contain/shutdown-done";

/**
 * rc scripts the way BusyBox-based systems run them: init's sysinit runs every executable
 * /etc/init.d/S??* with "start" in name order, its shutdown action runs them in reverse with
 * "stop". Their output goes to the console, which is the jail's boot output. On a machine
 * /dev/console never becomes a controlling terminal; LXC's console is a pty, which does, so
 * rcS leaves the console's session before it starts anything (a service that is still
 * daemonizing when rcS ends would otherwise get its hangup, as syslogd sometimes did).
 */
export const BUSYBOX_RCS = `#!/bin/sh
# Written by Stockade: mount, log, then start every /etc/init.d/S??* in order.
# init runs this on the console, a pseudo-terminal in a container, which becomes this script's
# controlling terminal: when it exits the kernel hangs up its process group, killing a daemon that
# has forked but not yet left it. The work runs in a session of its own (same output).
if [ "$1" != session ]; then
  /bin/setsid /etc/init.d/rcS session
  exit
fi
/bin/mount -a
/bin/syslogd
for script in /etc/init.d/S??*; do
  [ -x "$script" ] || continue
  echo "Starting \${script##*/}"
  "$script" start
done
`;

export const BUSYBOX_RCK = `#!/bin/sh
# Written by Stockade: stop every /etc/init.d/S??* in reverse order.
for script in $(ls -r /etc/init.d/S??* 2>/dev/null); do
  [ -x "$script" ] || continue
  echo "Stopping \${script##*/}"
  "$script" stop
done
`;

/**
 * "console::" because BusyBox init gives an action with no terminal its own stdio, which under
 * lxc-start is /dev/null: the rc output would never reach the console (and the boot log).
 */
const SHUTDOWN_LINES = ["console::shutdown:/etc/init.d/rcK", BUSYBOX_DONE_LINE];
const onConsole = (line: string) => (line.startsWith("::sysinit:") ? `console${line}` : line);

/**
 * The template's inittab without DHCP (it blocks boot and replaces the static address), plus
 * rcK and the shutdown-done line at shutdown, all on the console.
 */
export async function installBusyboxInit(rootfs: string): Promise<void> {
  const initDir = path.join(rootfs, "etc", "init.d");
  await writeFile(path.join(initDir, "rcS"), BUSYBOX_RCS, { mode: 0o755 });
  await writeFile(path.join(initDir, "rcK"), BUSYBOX_RCK, { mode: 0o755 });
  const inittab = path.join(rootfs, "etc", "inittab");
  const lines = (await readFile(inittab, "utf8"))
    .split("\n")
    .filter((line) => line.trim() !== "" && !SHUTDOWN_LINES.includes(line.trim()))
    .map(onConsole);
  await writeFile(inittab, [...lines, ...SHUTDOWN_LINES, ""].join("\n"), { mode: 0o644 });
}
