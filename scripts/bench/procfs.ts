import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createProcessReader, type JailRef } from "../../server/agent/drivers/linux/procfs";
import { compare, type Benchmark } from "./harness";
import { startHostSleepers, startJailSleepers } from "./load";

const run = promisify(execFile);

const HOST_SLEEPERS = 1500;
const CONTAINERS = 2;
const SLEEPERS_PER_CONTAINER = 300;
const MINIMUM_PROCESSES = 2000;
const PS_ARGS = ["-eo", "pid,ppid,user,pcpu,rss,etimes,args"];

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** ps spawned and its whole output read, as a dashboard shelling out to it would. */
const timePs = () => timed(() => run("ps", PS_ARGS, { maxBuffer: 64 << 20 }));

/** lxc-attach returns before its process is counted; wait until every sleep is in its jail. */
async function waitForJails(jails: JailRef[], perJail: number): Promise<number> {
  const reader = createProcessReader();
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      const { processes } = await reader.snapshot(jails);
      const ready = jails.every((jail) => processes.filter((p) => p.jail === jail.name).length >= perJail);
      if (ready) return processes.length;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    reader.close();
  }
  throw new Error(`the containers did not reach ${perJail} processes each`);
}

export const procfsBenchmark: Benchmark = {
  name: "procfs",
  description: "Linux process snapshot from /proc vs ps, with ≥ 2,000 processes",
  async run({ runs, cleanup, log }) {
    log(`starting ${HOST_SLEEPERS} host sleeps and ${CONTAINERS} busybox containers × ${SLEEPERS_PER_CONTAINER}`);
    await startHostSleepers(HOST_SLEEPERS, cleanup);
    const jails: JailRef[] = [];
    for (let i = 0; i < CONTAINERS; i++) {
      const container = await startJailSleepers("stk-bench-", SLEEPERS_PER_CONTAINER, cleanup);
      jails.push({ name: container.name, initPid: container.initPid });
    }
    const total = await waitForJails(jails, SLEEPERS_PER_CONTAINER);
    log(`${total} processes on the host (jails: ${jails.map((jail) => jail.name).join(", ")})`);
    if (total < MINIMUM_PROCESSES) throw new Error(`only ${total} processes; the bench needs ${MINIMUM_PROCESSES}`);
    await timePs();
    const cold = async () => {
      const reader = createProcessReader();
      const ms = await timed(() => reader.snapshot(jails));
      reader.close();
      return ms;
    };
    const warmReader = createProcessReader();
    await warmReader.snapshot(jails);
    cleanup.add(async () => warmReader.close());
    const repeated = () => timed(() => warmReader.snapshot(jails));
    return [
      await compare("cold first snapshot vs ps", 1.5, runs, cold, timePs),
      await compare("repeated snapshot vs ps", 0.2, runs, repeated, timePs),
    ];
  },
};
