import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchTemplates } from "@/server/agent-client";
import { DEBIAN_BASE } from "@/server/agent/drivers/linux/debian-base";
import { canRunLxc, cleanupEnv, makeTestEnv, startInProcessAgent, TEMPLATE_CACHE, type InProcessAgent, type TestEnv } from "./harness";

const run = promisify(execFile);

describe.skipIf(!canRunLxc)("[integration] template sizes from the agent", () => {
  let env: TestEnv;
  let agent: InProcessAgent;

  beforeAll(async () => {
    env = await makeTestEnv();
    agent = await startInProcessAgent(env);
  }, 60_000);

  afterAll(async () => {
    await agent?.agent.close();
    if (env) await cleanupEnv(env);
  });

  it("busybox is the size of the host's busybox each jail copies; a built Debian base is its size on disk", async () => {
    const templates = await fetchTemplates(agent.conn);
    const busybox = templates.find((t) => t.name === "busybox")!;
    const { stdout: which } = await run("sh", ["-c", "command -v busybox"]);
    expect(busybox.size).toEqual({ bytes: (await stat(which.trim())).size, of: "each-jail" });

    const debian = templates.find((t) => t.name === "debian")!;
    if (!debian.ready) {
      expect(debian.size).toBeNull();
      return;
    }
    // Measured apart from the agent: apparent sizes of every file, which on-disk blocks can only exceed (minus holes).
    const { stdout: apparent } = await run("du", ["-s", "-b", path.join(TEMPLATE_CACHE, DEBIAN_BASE)]);
    expect(debian.size?.of).toBe("shared");
    expect(debian.size!.bytes).toBeGreaterThan(0.8 * Number.parseInt(apparent, 10));
    expect(debian.size!.bytes).toBeLessThan(1.5 * Number.parseInt(apparent, 10));
  });
});
