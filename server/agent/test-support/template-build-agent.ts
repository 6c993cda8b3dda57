import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import pino from "pino";
import { startAgent, type RunningAgent } from "../agent";
import type { AgentTlsConfig } from "../config";
import { DEBIAN_BASE, debootstrapArgv } from "../drivers/linux/debian-base";
import { RecordingRunner } from "../drivers/shared/recording-runner";

/** What debootstrap prints while it builds the base (the agent counts these lines for its fraction). */
export const DEBOOTSTRAP_OUTPUT = [
  "I: Retrieving InRelease",
  "I: Retrieving Packages",
  "I: Extracting base-files...",
  "I: Configuring dpkg...",
];

/** The jail whose create builds the Debian base first. */
export const BUILDING_JAIL = "deb1";

export interface TemplateBuildAgentOptions {
  /** A name unique to the test: no bridge is made (the runner answers for it), but the agent's config names it. */
  bridge: string;
  /** A /28 whose first address the runner reports as the bridge's. */
  pool: string;
  tls?: AgentTlsConfig;
}

/** The commands a privileged Debian create runs with no base built yet, as the agent's runner sees them. */
function templateBuildRunner(dir: string, { bridge, pool }: TemplateBuildAgentOptions): RecordingRunner {
  const lxcPath = path.join(dir, "lxc");
  const templateDir = path.join(dir, "templates");
  const gatewayAddress = pool.replace(/\.0\/28$/, ".1");
  const gateway = [{ ifname: bridge, flags: ["UP"], addr_info: [{ family: "inet", local: gatewayAddress, prefixlen: 28 }] }];
  const copy = ["lxc-copy", "-P", templateDir, "-n", DEBIAN_BASE, "-N", BUILDING_JAIL, "-p", lxcPath, "-s", "-B", "overlay"];
  const buildBase = () => {
    mkdirSync(path.join(templateDir, `.build-${DEBIAN_BASE}`, "rootfs", "etc"), { recursive: true });
    return { stdout: DEBOOTSTRAP_OUTPUT.join("\n") };
  };
  const copyBase = () => {
    mkdirSync(path.join(lxcPath, BUILDING_JAIL, "rootfs"), { recursive: true });
    const config = `lxc.rootfs.path = overlay:${templateDir}:${lxcPath}/${BUILDING_JAIL}/delta0\n`;
    writeFileSync(path.join(lxcPath, BUILDING_JAIL, "config"), config);
    return {};
  };
  return new RecordingRunner([
    [["ip", "-j", "addr", "show", "dev", bridge], { stdout: JSON.stringify(gateway) }],
    [["ip", "link", "set", bridge, "up"], {}],
    [["lxc-ls", "-P", lxcPath, "-f", "-F", "NAME,STATE,PID,IPV4"], { stdout: "NAME STATE PID IPV4\n" }],
    [["lxc-info", "-P", lxcPath, "-n", BUILDING_JAIL, "-s", "-p"], { stdout: "State:          STOPPED\n" }],
    [debootstrapArgv(templateDir), buildBase],
    [copy, copyBase],
  ]);
}

/**
 * A real Linux-driver agent under dir whose runner is scripted (no LXC, no debootstrap, no root):
 * creating BUILDING_JAIL builds the Debian base first, reporting `template:debian` progress.
 */
export function startTemplateBuildAgent(dir: string, options: TemplateBuildAgentOptions): Promise<RunningAgent> {
  return startAgent({
    config: {
      socketPath: path.join(dir, "agent.sock"),
      tls: options.tls ?? null,
      webDataDir: path.join(dir, "web"),
      stateDir: path.join(dir, "state"),
      shareDir: path.join(dir, "shares"),
      lxcPath: path.join(dir, "lxc"),
      bridge: options.bridge,
      pool: options.pool,
      templateDir: path.join(dir, "templates"),
      socketGroup: null,
      driver: "linux",
      freebsdRecordedDir: null,
      console: { idleMs: 60_000, scrollbackBytes: 64 * 1024 },
      logLevel: "silent",
    },
    log: pino({ level: "silent" }),
    runner: templateBuildRunner(dir, options),
    pollIntervalMs: 3_600_000,
  });
}

/** Plans and applies BUILDING_JAIL's create straight on the agent; the plan's first command is the base's debootstrap. */
export async function createBuildingJail(agent: RunningAgent): Promise<{ firstCommand: string }> {
  const plan = (await agent.methods.call("jails.plan", {
    kind: "create",
    input: { name: BUILDING_JAIL, template: "debian", parameters: { privileged: true } },
  })) as { id: string; commands: Array<{ argv: string[] }> };
  await agent.methods.call("jails.apply", { planId: plan.id });
  return { firstCommand: plan.commands[0]!.argv[0]! };
}
