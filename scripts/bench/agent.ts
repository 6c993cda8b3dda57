import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { agentPlace, startAgentProcess, stopAgentProcess, type AgentPlace } from "../../e2e/fixtures/agent";
import { agentConnection, type AgentConnection } from "../../server/agent-client/connection";
import { createJail, destroyJail, fetchNetworkInfo, startJail } from "../../server/agent-client/methods";
import { compare, type Benchmark, type BenchRow } from "./harness";
import { rssMegabytes } from "./web-stack";

const run = promisify(execFile);

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** What the agent itself runs for a busybox jail, typed by hand: the baseline. */
async function rawCreateStart(place: AgentPlace, name: string, address: string, gateway: string): Promise<number> {
  const conf = path.join(place.lxcPath, `${name}.conf`);
  fs.writeFileSync(
    conf,
    [
      "lxc.apparmor.profile = unconfined",
      "lxc.net.0.type = veth",
      `lxc.net.0.link = ${place.bridge}`,
      "lxc.net.0.flags = up",
      `lxc.net.0.ipv4.address = ${address}/28`,
      `lxc.net.0.ipv4.gateway = ${gateway}`,
    ].join("\n") + "\n",
  );
  const elapsed = await timed(async () => {
    await run("lxc-create", ["-P", place.lxcPath, "-n", name, "-t", "busybox", "-f", conf]);
    const rcS = path.join(place.lxcPath, name, "rootfs/etc/init.d/rcS");
    fs.writeFileSync(
      rcS,
      fs
        .readFileSync(rcS, "utf8")
        .split("\n")
        .filter((line) => !line.includes("udhcpc"))
        .join("\n"),
    );
    await run("lxc-start", ["-P", place.lxcPath, "-n", name]);
    await run("lxc-wait", ["-P", place.lxcPath, "-n", name, "-s", "RUNNING", "-t", "10"]);
  });
  await run("lxc-stop", ["-P", place.lxcPath, "-n", name, "-k"]).catch(() => undefined);
  await run("lxc-destroy", ["-P", place.lxcPath, "-n", name, "-f"]);
  fs.rmSync(conf, { force: true });
  return elapsed;
}

async function agentCreateStart(conn: AgentConnection, name: string): Promise<number> {
  const elapsed = await timed(async () => {
    await createJail(conn, { name, template: "busybox" });
    await startJail(conn, name);
  });
  await destroyJail(conn, name);
  return elapsed;
}

export const agentBenchmark: Benchmark = {
  name: "agent",
  description: "jail create+start through the agent vs the raw LXC commands; agent idle RSS",
  async run({ runs, cleanup, log }) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stockade-bench-agent-"));
    cleanup.add(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const place = agentPlace(dataDir, "linux");
    const agent = await cleanup.adopt(
      () => startAgentProcess(place, path.join(dataDir, "agent.log")),
      (child) => stopAgentProcess(child, place),
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const rss = rssMegabytes(agent.pid!);
    const conn = agentConnection(place.socketPath);
    const pool = (await fetchNetworkInfo(conn)).pools[0]!;
    const spare = pool.cidr.replace(/\.0\/28$/, ".14");
    fs.mkdirSync(place.lxcPath, { recursive: true });
    log(`timing ${runs} busybox create+start pairs`);
    let n = 0;
    const create: BenchRow = await compare(
      "jail create+start: agent vs raw LXC",
      1.3,
      runs,
      () => agentCreateStart(conn, `stk-b-a${n++}`),
      () => rawCreateStart(place, `stk-b-r${n}`, spare, pool.gateway!),
    );
    return [create, { measurement: "agent idle RSS", unit: "MB", ours: rss, baseline: 80, ratio: rss / 80, target: 1 }];
  },
};
