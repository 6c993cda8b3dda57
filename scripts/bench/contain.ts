import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { agentPlace, startAgentProcess, stopAgentProcess } from "../../e2e/fixtures/agent";
import { agentConnection, type AgentConnection } from "../../server/agent-client/connection";
import { createJail, destroyJail, startJail } from "../../server/agent-client/methods";
import { compare, type Benchmark, type BenchRow } from "./harness";

type Template = "busybox" | "debian";

/** create+start of one jail through the agent; destroy is not timed. */
async function createStart(conn: AgentConnection, name: string, template: Template, privileged: boolean): Promise<number> {
  const start = performance.now();
  await createJail(conn, { name, template, parameters: privileged ? { privileged: true } : {} });
  await startJail(conn, name);
  const elapsed = performance.now() - start;
  await destroyJail(conn, name);
  return elapsed;
}

/**
 * Unprivileged (user namespace, id range, Debian's upper layer shifted to the jail's ids) vs
 * the privileged path Stockade used before, both through the same agent, in interleaved pairs.
 */
export const containBenchmark: Benchmark = {
  name: "contain",
  description: "jail create+start, unprivileged vs privileged, busybox and Debian, through the agent",
  async run({ runs, cleanup, log }) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stockade-bench-contain-"));
    cleanup.add(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const place = agentPlace(dataDir, "linux");
    await cleanup.adopt(
      () => startAgentProcess(place, path.join(dataDir, "agent.log")),
      (child) => stopAgentProcess(child, place),
    );
    const conn = agentConnection(place.socketPath);
    let n = 0;
    const pair = (template: Template, measurement: string, target: number): Promise<BenchRow> =>
      compare(
        measurement,
        target,
        runs,
        () => createStart(conn, `stk-c-u${n++}`, template, false),
        () => createStart(conn, `stk-c-p${n++}`, template, true),
      );
    // The first Debian create may build the shared base; keep it out of the timings.
    log("warming up (the Debian base is built once if it is missing)");
    await createStart(conn, "stk-c-warm", "debian", true);
    log(`timing ${runs} busybox pairs`);
    const busybox = await pair("busybox", "busybox create+start: unprivileged vs privileged", 1.3);
    log(`timing ${runs} Debian pairs`);
    const debian = await pair("debian", "Debian create+start: unprivileged vs privileged", Number.POSITIVE_INFINITY);
    return [busybox, debian];
  },
};
