/**
 * A fleet behind one web: 20 simulated hosts (fleet-agent.ts: the real agent methods and mTLS
 * transport over a generated FreeBSD recording of 10 jails × 200 processes that moves each
 * second), enrolled 1, 5, 10 then 20 at a time. At each size one viewer watches every host's
 * process feed and the Hosts page's poll (hosts.list, once a second as the page asks) runs;
 * the bytes both receive and the web's CPU are taken per host. Then the Hosts page's first
 * paint in chromium with all 20.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";
import { io } from "socket.io-client";
import type { AppRouter } from "../../server/api/root";
import { median, type Benchmark, type BenchRow, type Cleanup } from "./harness";
import { enrol, prepareFleetHost, startFleetAgent, webDatabase, type FleetAgent, type PreparedHost } from "./fleet-hosts";
import { timeFleetOverview } from "./fleet-paint";
import { cpuSeconds, ensureBuild, startWebStack, type WebStack } from "./web-stack";

const PORT = 3393;
const HOST_COUNTS = [1, 5, 10, 20];
const WARM_SECONDS = 3;
const STEADY_SECONDS = 10;
const PAINT_BUDGET_MS = 1000;

/** What the web sent in one steady window, per second, and its CPU (% of one core). */
interface FleetWindow {
  hosts: number;
  /** Delta messages per second, all hosts together (each host's feed ticks once a second at best). */
  updates: number;
  deltaBytes: number;
  listBytes: number;
  cpuPercent: number;
  agentCpuPercent: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** hosts.list exactly as the Hosts page calls it (batch link, superjson, the cookie), counting the bytes it receives. */
function hostsPoller(stack: WebStack) {
  const counter = { bytes: 0 };
  const counting: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const body = await response.arrayBuffer();
    counter.bytes += body.byteLength;
    return new Response(body, { status: response.status, headers: response.headers });
  };
  const client = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${stack.origin}/api/trpc`,
        transformer: superjson,
        headers: { cookie: stack.cookie, origin: stack.origin },
        fetch: counting,
      }),
    ],
  });
  return {
    counter,
    list: () => client.hosts.list.query(),
    /** The first admin's grant covers this machine only: each host is granted as the Team page does. */
    grantAdmin: (host: string) => client.grants.add.mutate({ username: "admin", role: "admin", scopeType: "host", host }),
  };
}

type Poller = ReturnType<typeof hostsPoller>;

/** Until the web's host monitor has every named host reachable. */
async function awaitReachable(poller: Poller, names: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { hosts } = await poller.list();
    if (names.every((name) => hosts.some((host) => host.id === name && host.reachability === "reachable"))) return;
    await sleep(250);
  }
  throw new Error(`the web did not see ${names.join(", ")} reachable within 30 s`);
}

/** One socket watching every named host's processes (as the overview of each would), counting the deltas' bytes. */
async function watchAll(stack: WebStack, names: string[], cleanup: Cleanup) {
  const socket = io(stack.origin, { transports: ["websocket"], extraHeaders: { cookie: stack.cookie } });
  cleanup.add(async () => void socket.close());
  const counter = { bytes: 0, updates: 0 };
  const pending = new Set(names);
  const full = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no full snapshot within 30 s from ${[...pending].join(", ")}`)), 30_000);
    const done = () => {
      if (pending.size > 0) return;
      clearTimeout(timer);
      resolve();
    };
    socket.on("processes:full", (message: { host: string }) => {
      pending.delete(message.host);
      done();
    });
    for (const host of names) {
      socket.emit("processes:watch", { host }, (reply: { ok: boolean; message?: string }) => {
        if (!reply.ok) reject(new Error(`watching ${host} was refused: ${reply.message}`));
      });
    }
    done();
  });
  socket.on("processes:delta", (delta: unknown) => {
    counter.bytes += JSON.stringify(delta).length;
    counter.updates++;
  });
  await full;
  return { counter, close: () => void socket.close() };
}

/** Polls the Hosts page's query once a second for `seconds`; counts host readings that said unreachable. */
async function pollHostsPage(poller: Poller, seconds: number): Promise<number> {
  let away = 0;
  const started = performance.now();
  for (let second = 1; second <= seconds; second++) {
    const { hosts } = await poller.list();
    away += hosts.filter((host) => host.reachability !== "reachable").length;
    await sleep(Math.max(0, started + second * 1000 - performance.now()));
  }
  return away;
}

/** A steady window with `agents` enrolled: the Hosts page's poll once a second, every host's feed watched. */
async function measureWindow(stack: WebStack, poller: Poller, agents: FleetAgent[], cleanup: Cleanup): Promise<FleetWindow> {
  await awaitReachable(
    poller,
    agents.map((agent) => agent.name),
  );
  const viewer = await watchAll(
    stack,
    agents.map((agent) => agent.name),
    cleanup,
  );
  await sleep(WARM_SECONDS * 1000);
  const agentCpu = () => agents.reduce((sum, agent) => sum + cpuSeconds(agent.pid), 0);
  const before = { web: cpuSeconds(stack.webPid), agents: agentCpu(), list: poller.counter.bytes, ...viewer.counter };
  const started = performance.now();
  const away = await pollHostsPage(poller, STEADY_SECONDS);
  const rate = (now: number, then: number) => (now - then) / ((performance.now() - started) / 1000);
  const window: FleetWindow = {
    hosts: agents.length,
    updates: rate(viewer.counter.updates, before.updates),
    deltaBytes: rate(viewer.counter.bytes, before.bytes),
    listBytes: rate(poller.counter.bytes, before.list),
    cpuPercent: rate(cpuSeconds(stack.webPid), before.web) * 100,
    agentCpuPercent: rate(agentCpu(), before.agents) * 100,
  };
  viewer.close();
  if (away > 0) console.log(`   ${away} host reading(s) in the window said unreachable`);
  return window;
}

function describeWindow(window: FleetWindow, idle: FleetWindow): string {
  const per = (value: number) => (window.hosts > 0 ? value / window.hosts : 0);
  return (
    `${window.hosts} host(s): ${per(window.updates).toFixed(2)} updates/s per host, deltas ${window.deltaBytes.toFixed(0)} B/s (${per(window.deltaBytes).toFixed(0)}/host), ` +
    `hosts.list ${window.listBytes.toFixed(0)} B/s (${per(window.listBytes).toFixed(0)}/host), ` +
    `web CPU ${window.cpuPercent.toFixed(1)} % (${per(window.cpuPercent - idle.cpuPercent).toFixed(2)} %/host above idle, ${cpuPerUpdate(window, idle).toFixed(2)} ms per host update), ` +
    `agents' CPU ${window.agentCpuPercent.toFixed(1)} %`
  );
}

const ratioRow = (measurement: string, unit: string, ours: number, baseline: number, target: number): BenchRow => ({
  measurement,
  unit,
  ours,
  baseline,
  ratio: ours / baseline,
  target,
});

/** Web CPU above its idle per delivered host update, in ms: what one host's second of live data costs the web. */
const cpuPerUpdate = (window: FleetWindow, idle: FleetWindow) =>
  ((window.cpuPercent - idle.cpuPercent) * 10) / Math.max(window.updates, 1e-9);

/**
 * Per-host cost at the largest fleet against a smaller one: 1× is linear, a cost that grows with
 * the fleet shows above. Bytes per host only compare if every feed keeps its once-a-second pace,
 * hence the pace row: a host's time between updates at the largest fleet against the 1 s interval.
 */
function linearityRows(windows: FleetWindow[], idle: FleetWindow): BenchRow[] {
  const at = (hosts: number) => windows.find((window) => window.hosts === hosts)!;
  const [one, five, all] = [at(1), at(5), at(HOST_COUNTS.at(-1)!)];
  const perHost = (window: FleetWindow, key: "deltaBytes" | "listBytes") => window[key] / window.hosts;
  const n = all.hosts;
  return [
    ratioRow(`fleet process-feed bytes/s per host, ${n} hosts vs 1`, "B/s", perHost(all, "deltaBytes"), perHost(one, "deltaBytes"), 1.25),
    ratioRow(`fleet feed pace: s between a host's updates at ${n} hosts vs the 1 s interval`, "s", all.hosts / all.updates, 1, 1.1),
    ratioRow(`fleet Hosts-page poll bytes/s per host, ${n} hosts vs 1`, "B/s", perHost(all, "listBytes"), perHost(one, "listBytes"), 1.25),
    ratioRow(`fleet web CPU per host update (above idle), ${n} hosts vs 5`, "ms", cpuPerUpdate(all, idle), cpuPerUpdate(five, idle), 1.5),
  ];
}

async function startFleet(stack: WebStack, count: number, cleanup: Cleanup, log: (message: string) => void): Promise<FleetAgent[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stockade-bench-fleet-"));
  cleanup.add(async () => fs.rmSync(dir, { recursive: true, force: true }));
  log(`starting ${count} simulated agents (10 jails × 200 processes each) on loopback`);
  const hosts: PreparedHost[] = [];
  for (let number = 1; number <= count; number++) hosts.push(await prepareFleetHost(stack.dataDir, dir, number));
  const agents: FleetAgent[] = [];
  // A few at a time: each is a Node process compiling TypeScript on a 2-core machine.
  for (let first = 0; first < count && !cleanup.interrupted; first += 4) {
    agents.push(...(await Promise.all(hosts.slice(first, first + 4).map((host) => startFleetAgent(host, cleanup)))));
  }
  return agents;
}

export const fleetBenchmark: Benchmark = {
  name: "fleet",
  description:
    "20 simulated agents over mTLS behind one web: update bytes and web CPU per host at 1/5/10/20 hosts (linear); Hosts page first paint ≤ 1 s at 20",
  async run({ runs, cleanup, log }) {
    await ensureBuild(log);
    const stack = await startWebStack(cleanup, PORT);
    const agents = await startFleet(stack, Math.max(...HOST_COUNTS), cleanup, log);
    const db = webDatabase(stack.dataDir, cleanup);
    const poller = hostsPoller(stack);
    const idle = await measureWindow(stack, poller, [], cleanup);
    log(`idle (this machine only): hosts.list ${idle.listBytes.toFixed(0)} B/s, web CPU ${idle.cpuPercent.toFixed(1)} %`);
    const windows: FleetWindow[] = [];
    for (const hosts of HOST_COUNTS) {
      for (const agent of agents.slice(windows.at(-1)?.hosts ?? 0, hosts)) {
        await enrol(agent, stack.dataDir, db);
        await poller.grantAdmin(agent.name);
      }
      windows.push(await measureWindow(stack, poller, agents.slice(0, hosts), cleanup));
      log(describeWindow(windows.at(-1)!, idle));
    }
    const paints = await timeFleetOverview(stack, agents.length + 1, runs, cleanup);
    paints.forEach((paint, i) =>
      log(`Hosts page run ${i + 1}: all hosts shown ${paint.shown.toFixed(0)} ms, first paint ${paint.paint.toFixed(0)} ms`),
    );
    const shown = median(paints.map((paint) => paint.shown));
    return [
      ...linearityRows(windows, idle),
      ratioRow(
        `fleet overview (Hosts page), ${agents.length} hosts × 10 jails × 200 processes: navigation → all shown vs 1 s`,
        "ms",
        shown,
        PAINT_BUDGET_MS,
        1,
      ),
    ];
  },
};
