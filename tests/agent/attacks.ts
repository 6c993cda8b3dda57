import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

/** What an attempt may use: the jail's template decides which tools exist inside. */
export interface AttackTarget {
  template: "busybox" | "debian";
  cgroupVersion: 1 | 2;
  /** "major:minor" of the host's root file system. */
  hostRootDevice: string;
  hostPid: number;
  /** A word in the host process's command line, to look for in the jail's /proc. */
  hostMarker: string;
  agentSocket: string;
  /** A host path the jail does not have: reachable only if the mount namespace leaks. */
  hostPath: string;
  /** Where the jail's read-only host mount (its definition's) appears inside it. */
  hostMountInJail: string;
}

export interface Attack {
  attempt: string;
  script: string;
  /** What the refusal looks like; the attempt must also exit non-zero. */
  expected: RegExp;
}

const EPERM = /Operation not permitted/;
const DENIED = /Permission denied|Read-only file system|Operation not permitted/i;
/**
 * mount(2) failing with EPERM, as each mount(8) words it: busybox "permission denied (are you
 * root?)", util-linux "permission denied". Not ENOENT: the kernel itself refused.
 */
const MOUNT_EPERM = /Operation not permitted|permission denied/i;

/** mount(2) of the host's root device straight from perl: util-linux would stat the missing node first (ENOENT). */
const PERL_MOUNT_EXT4 = `perl -e 'my ($s, $d, $t) = ("/dev/vda", "/mnt", "ext4"); syscall(165, $s, $d, $t, 1, 0) == -1 or exit 0; die "mount: $!\\n"'`;

/** finit_module(2) on a file descriptor: Debian minbase has no insmod, but has perl. */
const PERL_FINIT_MODULE = `perl -e 'open(my $f, "<", "/etc/hostname") or die; my $none = ""; syscall(313, fileno($f), $none, 0) == -1 or exit 0; die "finit_module: $!\\n"'`;

/** reboot(2) itself: sysvinit's `reboot -f` ignores its failure and exits 0. */
const PERL_REBOOT = `perl -e 'syscall(169, 0xfee1dead, 672274793, 0x01234567, 0) == -1 or exit 0; die "reboot: $!\\n"'`;

export function attacks(t: AttackTarget): Attack[] {
  const [major, minor] = t.hostRootDevice.split(":");
  // The jail may mount its own cgroup (a cgroup namespace shows it as the root); the limits stay the host's.
  const cgroup = (controller: string) =>
    t.cgroupVersion === 1 ? `mount -t cgroup -o ${controller} cgroup /tmp/cg` : "mount -t cgroup2 cgroup2 /tmp/cg";
  const memoryFile = t.cgroupVersion === 1 ? "memory.limit_in_bytes" : "memory.max";
  return [
    {
      // The kernel refuses a block file system in a user namespace before it looks at the device.
      attempt: "mount the host's root file system (ext4)",
      script: t.template === "busybox" ? "mount -t ext4 -o ro /dev/null /mnt" : PERL_MOUNT_EXT4,
      expected: MOUNT_EPERM,
    },
    { attempt: "mount devtmpfs (every host device)", script: "mount -t devtmpfs devtmpfs /mnt", expected: DENIED },
    { attempt: "see a host path", script: `ls ${t.hostPath}`, expected: /No such file/ },
    {
      attempt: "remount the host mount read-write",
      script: `mount -o remount,bind,rw ${t.hostMountInJail}`,
      expected: MOUNT_EPERM,
    },
    {
      // A new bind of the host mount keeps its lock: read-only stays read-only.
      attempt: "bind-mount the host path again, read-write",
      script: `mkdir -p /tmp/again && mount --bind ${t.hostMountInJail} /tmp/again && mount -o remount,bind,rw /tmp/again`,
      expected: MOUNT_EPERM,
    },
    {
      // EINVAL for a locked mount; util-linux words EINVAL "not mounted". Still there afterwards, or the attempt counts as allowed.
      attempt: "unmount the host mount (to reach what is under it)",
      script: `umount ${t.hostMountInJail}; r=$?; [ -e ${t.hostMountInJail}/open.txt ] || exit 0; exit $r`,
      expected: /Invalid argument|not mounted/,
    },
    {
      attempt: "remount /proc/sys rw, set kernel.panic",
      script: "mount -o remount,rw /proc/sys; echo 7 > /proc/sys/kernel/panic",
      expected: DENIED,
    },
    {
      attempt: "mount a fresh /proc, set kernel.panic",
      script: "mkdir -p /tmp/p && mount -t proc proc /tmp/p && echo 7 > /tmp/p/sys/kernel/panic",
      expected: DENIED,
    },
    { attempt: "remount /sys read-write", script: "mount -o remount,rw /sys", expected: DENIED },
    { attempt: "write to /sys", script: "echo 1 > /sys/kernel/mm/ksm/run", expected: DENIED },
    {
      attempt: "mknod the host's root disk and read it",
      script: `mknod /tmp/disk b ${major} ${minor} && dd if=/tmp/disk of=/dev/null bs=512 count=1`,
      expected: EPERM,
    },
    {
      attempt: "load a kernel module",
      script: t.template === "busybox" ? "insmod /bin/busybox" : PERL_FINIT_MODULE,
      expected: EPERM,
    },
    {
      attempt: "change the host's time",
      script: "date -s '2001-01-01 00:00:00' 2>&1 >/dev/null; [ \"$(date +%Y)\" = 2001 ] && exit 0; exit 1",
      expected: EPERM,
    },
    {
      attempt: "reboot the host (reboot(2))",
      script: t.template === "busybox" ? "reboot -f" : PERL_REBOOT,
      expected: EPERM,
    },
    { attempt: `kill host process ${t.hostPid}`, script: `kill -9 ${t.hostPid}`, expected: /No such process|can't kill/ },
    {
      attempt: "see host processes in /proc",
      // [s]tk… matches the marker but not grep's own command line.
      script: `cat /proc/[0-9]*/cmdline 2>/dev/null | grep -a -c '[${t.hostMarker[0]}]${t.hostMarker.slice(1)}'`,
      expected: /^0$/,
    },
    { attempt: "reach the agent's socket", script: `ls -l ${t.agentSocket}`, expected: /No such file/ },
    {
      attempt: "unshare a user namespace with more ids",
      script: "unshare -U sleep 5 & sleep 0.3; echo '0 0 70000' | dd of=/proc/$!/uid_map 2>&1; r=$?; kill $!; exit $r",
      expected: EPERM,
    },
    {
      attempt: "raise its own pids.max",
      script: `mkdir -p /tmp/cg && ${cgroup("pids")} && echo max > /tmp/cg/pids.max`,
      expected: DENIED,
    },
    {
      attempt: "raise its own memory limit",
      script: `mkdir -p /tmp/cg && ${cgroup("memory")} && echo -1 > /tmp/cg/${memoryFile}`,
      expected: DENIED,
    },
  ];
}

export interface AttackResult {
  attempt: string;
  exitCode: number;
  output: string;
  refused: boolean;
}

/** As the jail's root, through lxc-attach run here: no agent method is involved. */
export async function attackFromInside(lxcPath: string, name: string, attack: Attack): Promise<AttackResult> {
  const argv = [
    "-P",
    lxcPath,
    "-n",
    name,
    "--clear-env",
    "--set-var",
    "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
    "--",
    "/bin/sh",
    "-c",
    attack.script,
  ];
  const result = await run("lxc-attach", argv, { timeout: 20_000 }).then(
    ({ stdout, stderr }) => ({ exitCode: 0, output: `${stdout}${stderr}` }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      exitCode: typeof error.code === "number" ? error.code : -1,
      output: `${error.stdout ?? ""}${error.stderr ?? ""}`,
    }),
  );
  const output = result.output.trim();
  return { attempt: attack.attempt, ...result, output, refused: result.exitCode !== 0 && attack.expected.test(output) };
}

export function attackTable(jail: string, results: AttackResult[]): string {
  const width = Math.max(...results.map((r) => r.attempt.length));
  const rows = results.map((r) => `${r.refused ? "refused " : "ALLOWED "} ${r.attempt.padEnd(width)}  ${r.output.split("\n")[0]}`);
  return [`attacks from inside ${jail} as its root:`, ...rows].join("\n");
}

/** "major:minor" of the file system mounted at / on the host. */
export async function hostRootDevice(): Promise<string> {
  const line = (await readFile("/proc/self/mountinfo", "utf8")).split("\n").find((l) => l.split(" ")[4] === "/");
  return line?.split(" ")[2] ?? "0:0";
}
