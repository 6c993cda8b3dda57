/**
 * The console against OpenSSH on this machine: a 64 MB `cat` through a console session to a
 * socket.io client in Node vs `ssh -tt` to 127.0.0.1; the same into xterm.js in chromium vs
 * xterm.js parsing the same bytes written in the page; keystroke echo p50/p99; web RSS in a flood.
 */
import fs from "node:fs";
import path from "node:path";
import { agentConnection } from "@/server/agent-client/connection";
import { createJail, destroyJail, fetchJail, startJail } from "@/server/agent-client/methods";
import { compare, type Benchmark, type BenchRow, type Cleanup } from "./harness";
import { FILE_BYTES, LINE, consoleTerminal, ready, sshTerminal, startSshd, waitFor, type BenchTerminal } from "./console-terminals";
import { measureBrowser } from "./console-browser";
import { rssMegabytes, ensureBuild, startWebStack, type WebStack } from "./web-stack";

const PORT = 3396;
const SSHD_PORT = 22396;
const JAIL = "stk-bench-console";
const FLOOD_GROWTH_BOUND_MB = 150;
const KEYSTROKES = 200;
const FLOOD_SECONDS = 20;

function writeBenchFile(file: string): void {
  const block = Buffer.from(LINE.repeat((1024 * 1024) / LINE.length + 1)).subarray(0, 1024 * 1024);
  const fd = fs.openSync(file, "w", 0o644);
  for (let written = 0; written < FILE_BYTES; written += block.length) fs.writeSync(fd, block);
  fs.closeSync(fd);
}

/** Milliseconds from the command to the marker printed after the file. */
async function timeCat(terminal: BenchTerminal, file: string): Promise<number> {
  const done = waitFor(terminal, "END-42");
  const started = performance.now();
  terminal.write(`cat ${file}; echo END-$((6*7))\n`);
  await done;
  return performance.now() - started;
}

/** Echo latency of single keystrokes at a shell prompt, each sent once the previous one came back. */
async function echoLatencies(terminal: BenchTerminal): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    if (i % 50 === 0) terminal.write("\x15"); // Ctrl-U: an empty line again
    await new Promise((resolve) => setTimeout(resolve, 5));
    const echoed = new Promise<void>((resolve) => {
      const off = terminal.onData(() => (off(), resolve()));
    });
    const started = performance.now();
    terminal.write("x");
    await echoed;
    latencies.push(performance.now() - started);
  }
  terminal.write("\x15");
  return latencies.sort((a, b) => a - b);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function latencyRows(ours: BenchTerminal, ssh: BenchTerminal): Promise<BenchRow[]> {
  const sshMs = await echoLatencies(ssh);
  const oursMs = await echoLatencies(ours);
  return [50, 99].map((p) => {
    const o = percentile(oursMs, p);
    const b = percentile(sshMs, p);
    // Target: at most ssh's + 2 ms, as a ratio against that allowance.
    return {
      measurement: `keystroke echo p${p} (${KEYSTROKES} keys) vs ssh + 2 ms`,
      unit: "ms",
      ours: o,
      baseline: b + 2,
      ratio: o / (b + 2),
      target: 1,
    };
  });
}

/** Web RSS growth while `yes` floods one console as fast as its client takes it. */
async function floodRow(stack: WebStack, terminal: BenchTerminal): Promise<BenchRow> {
  const before = rssMegabytes(stack.webPid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMegabytes(stack.webPid))), 100);
  // 20 s of the flood, then Ctrl-C: 200 MB of busybox `yes` to one Node client took over 300 s here.
  terminal.write("yes | head -c 200000000\n");
  await new Promise((resolve) => setTimeout(resolve, FLOOD_SECONDS * 1000));
  clearInterval(sampler);
  const done = waitFor(terminal, "FLOOD-25", 60_000);
  terminal.write("\x03");
  terminal.write("echo FLOOD-$((5*5))\n");
  await done;
  const growth = peak - before;
  return {
    measurement: `web RSS growth in ${FLOOD_SECONDS} s of a flood (from ${before.toFixed(0)} MB; bound ${FLOOD_GROWTH_BOUND_MB} MB)`,
    unit: "MB",
    ours: growth,
    baseline: FLOOD_GROWTH_BOUND_MB,
    ratio: growth / FLOOD_GROWTH_BOUND_MB,
    target: 1,
  };
}

async function startJailWithFile(stack: WebStack, cleanup: Cleanup, hostFile: string): Promise<void> {
  const agent = agentConnection(stack.agentSocket);
  await destroyJail(agent, JAIL).catch(() => undefined);
  await cleanup.adopt(
    () => createJail(agent, { name: JAIL, template: "busybox" }),
    async () => void (await destroyJail(agent, JAIL).catch(() => undefined)),
  );
  await startJail(agent, JAIL);
  // A busybox jail's root is a plain directory beside its LXC config.
  fs.copyFileSync(hostFile, path.join((await fetchJail(agent, JAIL)).path, "rootfs", "bench.bin"));
}

export const consoleBenchmark: Benchmark = {
  name: "console",
  description: "console vs ssh -tt: 64 MB cat to Node and into xterm.js, keystroke echo, web RSS in a flood",
  async run({ runs, cleanup, log }) {
    await ensureBuild(log);
    log("starting an agent, a production web process, a busybox jail and an sshd on 127.0.0.1");
    const stack = await startWebStack(cleanup, PORT);
    const hostFile = path.join(fs.mkdtempSync("/tmp/stockade-bench-console-"), "bench.bin");
    cleanup.add(async () => fs.rmSync(path.dirname(hostFile), { recursive: true, force: true }));
    writeBenchFile(hostFile);
    await startJailWithFile(stack, cleanup, hostFile);
    const sshd = await startSshd(SSHD_PORT, cleanup);
    const ours = await consoleTerminal(stack, JAIL, cleanup);
    const ssh = sshTerminal(sshd, cleanup);
    await Promise.all([ready(ours), ready(ssh)]);
    const passes = Math.min(runs, 5);
    log(`64 MB cat, ${passes} interleaved passes`);
    const rows = [
      await compare(
        "64 MB cat to a Node client (time) vs ssh -tt",
        1,
        passes,
        () => timeCat(ours, "/bench.bin"),
        () => timeCat(ssh, hostFile),
      ),
    ];
    log(`keystroke echo, ${KEYSTROKES} keys each`);
    rows.push(...(await latencyRows(ours, ssh)));
    log("64 MB cat into xterm.js in chromium");
    rows.push(await measureBrowser(stack, JAIL, passes, cleanup));
    log("200 MB flood");
    rows.push(await floodRow(stack, ours));
    return rows;
  },
};
