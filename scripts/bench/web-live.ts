import { io, type Socket } from "socket.io-client";
import type { Benchmark, BenchRow, Cleanup } from "./harness";
import { startHostSleepers } from "./load";
import { cpuSeconds, ensureBuild, startWebStack, type WebStack } from "./web-stack";

const PORT = 3390;
const VIEWERS = 50;
const STEADY_SECONDS = 10;

function connectViewer(stack: WebStack, cleanup: Cleanup): Socket {
  const socket = io(stack.origin, { transports: ["websocket"], extraHeaders: { cookie: stack.cookie } });
  cleanup.add(async () => void socket.close());
  return socket;
}

/** Bytes one viewer receives per second of deltas, against a full snapshot sent every second. */
async function measureBytes(stack: WebStack, cleanup: Cleanup): Promise<BenchRow> {
  const socket = connectViewer(stack, cleanup);
  const full = await new Promise<unknown>((resolve) => {
    socket.once("processes:full", (message: { snapshot: unknown }) => resolve(message.snapshot));
    socket.emit("processes:watch", {});
  });
  let deltaBytes = 0;
  socket.on("processes:delta", (delta: unknown) => (deltaBytes += JSON.stringify(delta).length));
  await new Promise((resolve) => setTimeout(resolve, STEADY_SECONDS * 1000));
  socket.close();
  const ours = deltaBytes / STEADY_SECONDS;
  const baseline = JSON.stringify(full).length;
  return { measurement: "live bytes/s per viewer vs full snapshot/s", unit: "B/s", ours, baseline, ratio: ours / baseline, target: 0.1 };
}

async function measureCpu(stack: WebStack, cleanup: Cleanup): Promise<BenchRow> {
  const sockets = Array.from({ length: VIEWERS }, () => connectViewer(stack, cleanup));
  await Promise.all(
    sockets.map((socket) => new Promise((resolve) => socket.once("processes:full", resolve) && socket.emit("processes:watch", {}))),
  );
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const before = cpuSeconds(stack.webPid);
  await new Promise((resolve) => setTimeout(resolve, STEADY_SECONDS * 1000));
  const percent = ((cpuSeconds(stack.webPid) - before) / STEADY_SECONDS) * 100;
  for (const socket of sockets) socket.close();
  return {
    measurement: `web CPU with ${VIEWERS} live viewers (% of one core)`,
    unit: "%",
    ours: percent,
    baseline: 25,
    ratio: percent / 25,
    target: 1,
  };
}

export const webLiveBenchmark: Benchmark = {
  name: "web-live",
  description: "live process feed: bytes per viewer, web CPU with 50 viewers",
  async run({ cleanup, log }) {
    await ensureBuild(log);
    log("starting 1,000 host sleeps, an agent and a production web process");
    await startHostSleepers(1000, cleanup);
    const stack = await startWebStack(cleanup, PORT);
    const rows = [await measureBytes(stack, cleanup)];
    log(`connecting ${VIEWERS} viewers`);
    rows.push(await measureCpu(stack, cleanup));
    return rows;
  },
};
