import { IDS_PER_JAIL } from "./id-ranges";

/** LXC's own default policy: kexec, open_by_handle_at, module loading and umount -f refused. */
export const SECCOMP_PROFILE = "/usr/share/lxc/config/common.seccomp";

/**
 * Dropped in every jail: LXC's common.conf list and sys_boot. mknod stays so a jail may create
 * its own pseudo-devices; which devices it may open is the device rules' job (in a user
 * namespace the kernel refuses every real device node anyway). Without sys_boot, reboot(2)
 * fails inside the jail, so its init cannot end itself: its last shutdown step prints
 * SHUTDOWN_DONE on the console and the agent ends it (see shutdown-done.ts).
 */
export const DROPPED_CAPABILITIES = ["mac_admin", "mac_override", "sys_module", "sys_rawio", "sys_time", "sys_boot"] as const;

/** The jail's own pseudo-devices: null, zero, full, random, urandom, tty, console, ptmx, its ptys. */
export const ALLOWED_DEVICES = ["c 1:3", "c 1:5", "c 1:7", "c 1:8", "c 1:9", "c 5:0", "c 5:1", "c 5:2", "c 136:*"] as const;

export interface SecurityOptions {
  cgroupVersion: 1 | 2;
  /** The jail's first host id; null runs it privileged (root in the jail is root on the host). */
  idRangeStart: number | null;
  dropRawSockets: boolean;
}

/**
 * The keys that make a jail contain. They replace whatever a template wrote for the same keys
 * (lxc-busybox writes its own short cap.drop and no seccomp; common.conf allows mknod of any
 * device): the jail's posture is this block and nothing else.
 */
export function securityLines(options: SecurityOptions): string[] {
  const devices = options.cgroupVersion === 1 ? "lxc.cgroup.devices" : "lxc.cgroup2.devices";
  const lines = [
    `lxc.seccomp.profile = ${SECCOMP_PROFILE}`,
    `lxc.cap.drop = ${[...DROPPED_CAPABILITIES, ...(options.dropRawSockets ? ["net_raw"] : [])].join(" ")}`,
    // LXC's profile for unprivileged containers: /proc/sys and /sys read-only, the jail's own cgroup only.
    "lxc.mount.auto = proc:mixed sys:mixed cgroup:mixed",
    `${devices}.deny = a`,
    ...ALLOWED_DEVICES.map((device) => `${devices}.allow = ${device} rwm`),
    "lxc.pty.max = 1024",
  ];
  if (options.idRangeStart !== null) lines.push(...idMapLines(options.idRangeStart));
  return lines;
}

export function idMapLines(idRangeStart: number): string[] {
  return [`lxc.idmap = u 0 ${idRangeStart} ${IDS_PER_JAIL}`, `lxc.idmap = g 0 ${idRangeStart} ${IDS_PER_JAIL}`];
}

/**
 * Template lines Stockade replaces or refuses: the keys above, includes (common.conf would
 * bring its own device rules back), hooks (they run as root on the host) and bind mounts of
 * host paths (lxc-busybox binds the host's /lib and /usr/lib; busybox-static needs neither).
 */
export function isSecurityKey(line: string): boolean {
  const trimmed = line.trim();
  if (/^lxc\.mount\.entry\s*=\s*\//.test(trimmed)) return true;
  return [
    "lxc.include",
    "lxc.hook.",
    "lxc.seccomp.",
    "lxc.cap.",
    "lxc.mount.auto",
    "lxc.cgroup.devices.",
    "lxc.cgroup2.devices.",
    "lxc.idmap",
    "lxc.pty.max",
  ].some((prefix) => trimmed.startsWith(prefix));
}
