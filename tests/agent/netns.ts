import { execFile, spawn, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export const canUseNetns =
  process.getuid?.() === 0 &&
  (await run("ip", ["netns", "list"]).then(
    () => true,
    () => false,
  ));

export interface Netns {
  name: string;
  /** The root namespace's end of the veth pair, and the namespace's own address on the /30. */
  hostAddress: string;
  address: string;
}

/**
 * A network namespace joined to the root one by a veth pair on a private /30: the namespace
 * has base+2, the root side base+1, and no other route, so traffic goes only between the two.
 */
export async function createNetns(name: string, base: string): Promise<Netns> {
  const [a, b, c, d] = base.split(".").map(Number);
  const addr = (n: number) => `${a}.${b}.${c}.${d! + n}`;
  const [outside, inside] = [`${name}0`, `${name}1`];
  await run("ip", ["netns", "add", name]);
  await run("ip", ["link", "add", outside, "type", "veth", "peer", "name", inside]);
  await run("ip", ["link", "set", inside, "netns", name]);
  await run("ip", ["addr", "add", `${addr(1)}/30`, "dev", outside]);
  await run("ip", ["link", "set", outside, "up"]);
  await run("ip", ["-n", name, "addr", "add", `${addr(2)}/30`, "dev", inside]);
  await run("ip", ["-n", name, "link", "set", inside, "up"]);
  await run("ip", ["-n", name, "link", "set", "lo", "up"]);
  return { name, hostAddress: addr(1), address: addr(2) };
}

/** Deleting the namespace destroys its veth end and with it the pair; the root end is removed too in case it was not moved. */
export async function removeNetns(name: string): Promise<void> {
  await run("ip", ["netns", "delete", name]).catch(() => undefined);
  await run("ip", ["link", "del", `${name}0`]).catch(() => undefined);
}

/** Runs argv inside the namespace; `ip netns exec` execs it, so the child's pid is the program's. */
export function spawnInNetns(name: string, argv: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn("ip", ["netns", "exec", name, ...argv], { env, stdio: ["ignore", "ignore", "pipe"] });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}
