import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentConnection } from "@/server/agent-client/connection";
import { startAgent, type RunningAgent } from "@/server/agent/agent";
import { DEBIAN_BASE, debootstrapArgv } from "@/server/agent/drivers/linux/debian-base";
import { RecordingRunner } from "@/server/agent/drivers/shared/recording-runner";
import type { AgentEvent } from "@/server/agent/protocol";
import { openSocketBed, SOCKET_CALLERS } from "@/server/api/test-support/socket-bed";
import { registerJailEvents } from "./jail-events";

const BRIDGE = "stktplp0";
const JAIL = "deb1";
/** What debootstrap prints while it builds the base (the agent counts these lines for its fraction). */
const DEBOOTSTRAP_OUTPUT = ["I: Retrieving InRelease", "I: Retrieving Packages", "I: Extracting base-files...", "I: Configuring dpkg..."];

let dir: string;
let agent: RunningAgent | undefined;

/** The commands a privileged Debian create runs with no base built yet, as the agent's runner sees them. */
function scriptedRunner(): RecordingRunner {
  const lxcPath = path.join(dir, "lxc");
  const templateDir = path.join(dir, "templates");
  const gateway = [{ ifname: BRIDGE, flags: ["UP"], addr_info: [{ family: "inet", local: "10.213.11.1", prefixlen: 28 }] }];
  const copy = ["lxc-copy", "-P", templateDir, "-n", DEBIAN_BASE, "-N", JAIL, "-p", lxcPath, "-s", "-B", "overlay"];
  return new RecordingRunner([
    [["ip", "-j", "addr", "show", "dev", BRIDGE], { stdout: JSON.stringify(gateway) }],
    [["ip", "link", "set", BRIDGE, "up"], {}],
    [["lxc-ls", "-P", lxcPath, "-f", "-F", "NAME,STATE,PID,IPV4"], { stdout: "NAME STATE PID IPV4\n" }],
    [["lxc-info", "-P", lxcPath, "-n", JAIL, "-s", "-p"], { stdout: "State:          STOPPED\n" }],
    [
      debootstrapArgv(templateDir),
      () => {
        mkdirSync(path.join(templateDir, `.build-${DEBIAN_BASE}`, "rootfs", "etc"), { recursive: true });
        return { stdout: DEBOOTSTRAP_OUTPUT.join("\n") };
      },
    ],
    [
      copy,
      () => {
        mkdirSync(path.join(lxcPath, JAIL, "rootfs"), { recursive: true });
        writeFileSync(path.join(lxcPath, JAIL, "config"), `lxc.rootfs.path = overlay:${templateDir}:${lxcPath}/${JAIL}/delta0\n`);
        return {};
      },
    ],
  ]);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "stk-template-progress-"));
  agent = await startAgent({
    config: {
      socketPath: path.join(dir, "agent.sock"),
      tls: null,
      webDataDir: path.join(dir, "web"),
      stateDir: path.join(dir, "state"),
      shareDir: path.join(dir, "shares"),
      lxcPath: path.join(dir, "lxc"),
      bridge: BRIDGE,
      pool: "10.213.11.0/28",
      templateDir: path.join(dir, "templates"),
      socketGroup: null,
      driver: "linux",
      freebsdRecordedDir: null,
      console: { idleMs: 60_000, scrollbackBytes: 64 * 1024 },
      logLevel: "silent",
    },
    log: pino({ level: "silent" }),
    runner: scriptedRunner(),
    pollIntervalMs: 3_600_000,
  });
});
afterAll(async () => {
  await agent?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a template build's progress, from the agent to the create form (Linux driver, recording runner)", () => {
  const { connect } = openSocketBed(SOCKET_CALLERS, (io) => {
    const relay = registerJailEvents(io, agentConnection(path.join(dir, "agent.sock")));
    return () => relay.stop();
  });

  it("reports debootstrap of the Debian base under template:debian to the templates room, up to done", async () => {
    const admin = connect("admin");
    const received: AgentEvent[] = [];
    const done = new Promise<void>((resolve) =>
      admin.on("templates:progress", (event: AgentEvent) => {
        received.push(event);
        if (event.type === "progress" && event.done) resolve();
      }),
    );
    expect(await admin.emitWithAck("templates:follow", {})).toMatchObject({ ok: true });
    const plan = (await agent!.methods.call("jails.plan", {
      kind: "create",
      input: { name: JAIL, template: "debian", parameters: { privileged: true } },
    })) as { id: string; commands: Array<{ argv: string[] }> };
    expect(plan.commands[0]!.argv[0]).toBe("debootstrap");
    await agent!.methods.call("jails.apply", { planId: plan.id });
    await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error("no template build done event")), 5_000))]);
    const progress = received.flatMap((event) => (event.type === "progress" ? [event] : []));
    expect(new Set(progress.map((event) => event.task))).toEqual(new Set(["template:debian"]));
    const messages = progress.map((event) => event.message);
    for (const line of DEBOOTSTRAP_OUTPUT) expect(messages).toContain(line.replace(/^I: /, ""));
    const fractions = progress.map((event) => event.fraction ?? 0);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ done: true, fraction: 1, message: "finished" });
  });
});
