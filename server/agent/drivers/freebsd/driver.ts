import { AgentError, type Template } from "../../protocol";
import type { JailDriver } from "../driver";
import { changeJail } from "./change";
import { createContext, type FreebsdDriverOptions } from "./context";
import { createJailEventPoller, systemClock } from "./events";
import { findJailRecord, listJailRecords } from "./jails";
import { createJail, destroyJail, restartJail, startJail, stopJail } from "./lifecycle";
import { assertRunning, hostInfo, network, processSnapshot, usage } from "./observe";
import { installPackages, writeJailFile } from "./packages";
import { createNodePtySpawner } from "./pty";
import { createExecFileRunner } from "./runner";
import { signalProcess } from "./signal";

export type { FreebsdDriverOptions } from "./context";

export const AGENT_VERSION = "0.1.0";

/** The FreeBSD JailDriver: every OS action goes through options.runner as an argv. */
export function createFreebsdDriver(options: FreebsdDriverOptions): JailDriver {
  const ctx = createContext(options);
  const clock = options.clock ?? systemClock;
  const spawnPty = options.ptySpawner ?? createNodePtySpawner();
  const listJails = async () => (await listJailRecords(ctx)).map((r) => r.jail);
  const poller = createJailEventPoller(listJails, clock, options.pollIntervalMs ?? 5000);
  const templates: Template[] = Object.entries(ctx.templates).map(([name, t]) => ({
    name,
    description: t.description,
    ready: true,
  }));

  return {
    kind: "freebsd",
    hostInfo: () => hostInfo(ctx, { recorded: options.recorded ?? false, agentVersion: options.agentVersion ?? AGENT_VERSION }),
    listTemplates: async () => templates,
    listJails,
    createJail: (input, progress) => createJail(ctx, input, progress),
    startJail: (name) => startJail(ctx, name),
    stopJail: (name, timeout) => stopJail(ctx, name, timeout),
    restartJail: (name, timeout) => restartJail(ctx, name, timeout),
    destroyJail: (name) => destroyJail(ctx, name),
    changeJail: (input) => changeJail(ctx, input),
    processSnapshot: () => processSnapshot(ctx, clock.now()),
    signalProcess: (input) => signalProcess(ctx, input, clock.now()),
    usage: () => usage(ctx, clock.now()),
    network: () => network(ctx),
    async execInJail(name, argv, timeoutSeconds) {
      if (argv.length === 0) throw new AgentError("invalid_input", "Nothing to run");
      assertRunning(await findJailRecord(ctx, name));
      const command = ["jexec", "-l", "-U", "root", name, ...argv];
      return ctx.runner.run(command, { timeoutMs: timeoutSeconds * 1000 });
    },
    async openPty(name, size) {
      assertRunning(await findJailRecord(ctx, name));
      // Absolute: the PTY child's environment has no PATH to find jexec by.
      return spawnPty("/usr/sbin/jexec", ["-l", name, "/usr/bin/login", "-f", "root"], size);
    },
    installPackages: (name, packages, progress) => installPackages(ctx, name, packages, progress),
    writeJailFile,
    subscribe: (listener) => poller.subscribe(listener),
    close: async () => poller.close(),
  };
}

/** The production driver: the real execFile runner. */
export function createHostFreebsdDriver(options: Omit<FreebsdDriverOptions, "runner">): JailDriver {
  return createFreebsdDriver({ ...options, runner: createExecFileRunner() });
}
