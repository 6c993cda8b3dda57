import { spawn } from "node:child_process";
import fs from "node:fs";
import { AgentError } from "../../protocol";
import { sealedStdio } from "../shared/inherited-fds";
import { parseIdMap } from "./contain/id-ranges";

/** A PTY's two ends; the caller closes both (the slave once a child has it). */
export interface PtyPair {
  master: number;
  slave: number;
}

const { O_RDONLY, O_RDWR, O_NOCTTY, O_NOFOLLOW, O_DIRECTORY, O_NONBLOCK } = fs.constants;
const DEVPTS_SUPER_MAGIC = 0x1cd1;
/** UNIX98 slave N is character device 136:N (Linux registers 2^20 minors under major 136). */
const SLAVE_MAJOR = 136;
/** TIOCSPTLCK with 0: unlockpt(3). A new PTY is locked until its master unlocks it. */
const UNLOCK_SCRIPT = 'my $unlocked = pack("i", 0); ioctl(STDIN, 0x40045431, $unlocked) or die "unlockpt: $!\\n";';

const refuse = (jail: string, why: string) => new AgentError("internal", `Cannot open a terminal in ${jail}'s /dev/pts: ${why}`, { jail });

/** Opens `name` inside the directory `dirFd` without following a symlink there (openat(2) through /proc/self/fd). */
function openIn(dirFd: number, name: string, flags: number): number {
  return fs.openSync(`/proc/self/fd/${dirFd}/${name}`, flags | O_NOFOLLOW | O_NOCTTY);
}

/**
 * The jail's /dev/pts, walked one component at a time from `root` (its root as /proc/PID/root
 * shows it, in the jail's mount namespace): `dev` or `pts` being a symlink the jail made refuses
 * instead of leading the root agent elsewhere, and what is found must be a devpts instance.
 */
function openPtsDir(root: string, jail: string): number {
  const rootFd = fs.openSync(root, O_RDONLY | O_DIRECTORY);
  let devFd: number | null = null;
  try {
    devFd = openIn(rootFd, "dev", O_RDONLY | O_DIRECTORY);
    const ptsFd = openIn(devFd, "pts", O_RDONLY | O_DIRECTORY);
    if (fs.statfsSync(`/proc/self/fd/${ptsFd}`).type !== DEVPTS_SUPER_MAGIC) {
      fs.closeSync(ptsFd);
      throw refuse(jail, "it is not a devpts file system");
    }
    return ptsFd;
  } finally {
    fs.closeSync(rootFd);
    if (devFd !== null) fs.closeSync(devFd);
  }
}

/** The index /proc shows for a PTY master (TIOCGPTN without an ioctl, which Node lacks). */
function ptyIndex(master: number): number {
  const index = /^tty-index:\s+(\d+)$/m.exec(fs.readFileSync(`/proc/self/fdinfo/${master}`, "utf8"))?.[1];
  if (index === undefined) throw new AgentError("internal", "The kernel shows no tty-index for a PTY master");
  return Number(index);
}

/** unlockpt(3) by perl (perl-base is essential on Debian): Node has no ioctl, and the lock is the PTY's, not the fd's. */
async function unlock(master: number): Promise<void> {
  const child = spawn("perl", ["-e", UNLOCK_SCRIPT], { stdio: sealedStdio([master, "ignore", "pipe"]) });
  let stderr = "";
  child.stderr?.on("data", (data: Buffer) => (stderr += data.toString("utf8")));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new AgentError("internal", `Cannot unlock a new PTY: ${stderr.trim() || `perl exited ${code}`}`);
}

/** The host ids the jail's root has (chown of the slave, so the jail's root owns its terminal, as lxc-attach's). */
function jailRootIds(pid: number): { uid: number; gid: number } {
  const root = (file: string) => {
    const line = parseIdMap(fs.readFileSync(`/proc/${pid}/${file}`, "utf8")).find((l) => l.inside === 0);
    return line?.outside ?? 0;
  };
  return { uid: root("uid_map"), gid: root("gid_map") };
}

/** glibc's dev_t encoding, as fs.Stats carries it: major in bits 8–19, minor in 0–7 and 20–31. */
const major = (rdev: number) => (rdev >>> 8) & 0xfff;
const minor = (rdev: number) => (rdev & 0xff) | ((rdev >>> 12) & 0xfff00);

function checkDevice(fd: number, ptsDev: number, rdev: (st: fs.Stats) => boolean, jail: string, what: string): void {
  const st = fs.fstatSync(fd);
  if (!st.isCharacterDevice() || st.dev !== ptsDev || !rdev(st)) throw refuse(jail, `${what} is not that devpts instance's`);
}

/**
 * A PTY from the jail's own devpts instance (what lxc-attach allocates for itself), so inside the
 * jail the shell's terminal is a /dev/pts/N that exists there and `tty` names it. Both ends are
 * opened beneath one held /dev/pts directory and checked to be that instance's ptmx and slave N.
 */
export async function openJailPtyPair(initPid: number, jail: string, root = `/proc/${initPid}/root`): Promise<PtyPair> {
  const pts = openPtsDir(root, jail);
  const opened: number[] = [];
  try {
    const ptsDev = fs.fstatSync(pts).dev;
    // Non-blocking, as node-pty opens its masters: the reader's tail reads stop at EAGAIN.
    const master = openIn(pts, "ptmx", O_RDWR | O_NONBLOCK);
    opened.push(master);
    // /dev/ptmx and every devpts instance's own ptmx are character device 5:2.
    checkDevice(master, ptsDev, (st) => major(st.rdev) === 5 && minor(st.rdev) === 2, jail, "ptmx");
    const index = ptyIndex(master);
    await unlock(master);
    const slave = openIn(pts, String(index), O_RDWR);
    opened.push(slave);
    const slaveRdev = (st: fs.Stats) => major(st.rdev) === SLAVE_MAJOR && minor(st.rdev) === index;
    checkDevice(slave, ptsDev, slaveRdev, jail, `pts/${index}`);
    const { uid, gid } = jailRootIds(initPid);
    fs.fchownSync(slave, uid, gid);
    return { master, slave };
  } catch (error) {
    opened.forEach((fd) => fs.closeSync(fd));
    throw error;
  } finally {
    fs.closeSync(pts);
  }
}
