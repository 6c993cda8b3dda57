import { AgentError, type Template } from "../../protocol";
import type { JailDriver } from "../driver";
import { planDriven } from "../plan-driven";
import { applyExecution } from "./apply";
import { planChange } from "./change";
import { createContext, type FreebsdDriverOptions } from "./context";
import { createJailEventPoller, systemClock } from "./events";
import { withConsoleOutput } from "./console-output";
import { findJailRecord, listJailRecords } from "./jails";
import { restartJail, startJail, stopJail } from "./lifecycle";
import { assertRunning, hostInfo, network, processSnapshot, usage } from "./observe";
import { installPackages, writeJailFile } from "./packages";
import { createNodePtySpawner } from "../shared/pty";
import { planCreate } from "./plan-create";
import { planDestroy } from "./plan-destroy";
import { planMove } from "./plan-move";
import { planReconcile } from "./reconcile";
import { recoverOperations } from "./recover";
import { createExecFileRunner } from "./runner";
import { signalProcess } from "./signal";
import type { FreebsdExecution } from "./steps";

export type { FreebsdDriverOptions } from "./context";

/** The FreeBSD JailDriver: every OS action goes through options.runner as an argv. */
export function createFreebsdDriver(options: FreebsdDriverOptions): JailDriver {
  const ctx = createContext(options);
  const clock = options.clock ?? systemClock;
  const spawnPty = options.ptySpawner ?? createNodePtySpawner();
  // Once, before the first list or plan: what a crash interrupted is finished or rolled back.
  let recovery: Promise<void> | null = null;
  const recovered = () => (recovery ??= recoverOperations(ctx, options.log));
  const listJails = async () => {
    await recovered();
    return (await listJailRecords(ctx)).map((r) => r.jail);
  };
  const poller = createJailEventPoller(listJails, clock, options.pollIntervalMs ?? 5000);
  const templates: Template[] = Object.entries(ctx.templates).map(([name, t]) => ({
    name,
    description: t.description,
    ready: true,
    // Not measured: a size would need a command the recorded host has no output for.
    size: null,
  }));

  const plans: Pick<JailDriver, "plan" | "apply"> = {
    plan: async (request) => {
      await recovered();
      if (request.kind === "create") return planCreate(ctx, request.input);
      if (request.kind === "change") return planChange(ctx, request.input);
      if (request.kind === "destroy") return planDestroy(ctx, request.name);
      if (request.kind === "move") return planMove(ctx, request.name);
      if (request.kind === "reconcile") return planReconcile(ctx, request.name, request.keep);
      if (request.kind === "unprivilege") {
        throw new AgentError("unsupported", "FreeBSD jails have no user namespaces to migrate into: unprivilege is Linux's", {
          jail: request.name,
        });
      }
      throw new AgentError("unsupported", "FreeBSD jails the host defines are adopted as they are found: there is no adopt plan");
    },
    apply: (plan, applyOptions) => applyExecution(ctx, plan.execution as FreebsdExecution, applyOptions),
  };

  return {
    kind: "freebsd",
    ...plans,
    ...planDriven(plans),
    hostInfo: () => hostInfo(ctx, { recorded: options.recorded ?? false }),
    listTemplates: async () => templates,
    listJails,
    startJail: (name) => withConsoleOutput(ctx, name, "start", poller.emit, () => startJail(ctx, name)),
    stopJail: (name, timeout) => withConsoleOutput(ctx, name, "stop", poller.emit, () => stopJail(ctx, name, timeout)),
    restartJail: (name, timeout) => withConsoleOutput(ctx, name, "start", poller.emit, () => restartJail(ctx, name, timeout)),
    processSnapshot: () => processSnapshot(ctx, clock.now()),
    signalProcess: (input) => signalProcess(ctx, input, clock.now()),
    usage: () => usage(ctx, clock.now()),
    network: () => network(ctx),
    async openPty(name, size) {
      assertRunning(await findJailRecord(ctx, name));
      // Absolute: the PTY child's environment has no PATH to find jexec by.
      return spawnPty("/usr/sbin/jexec", ["-l", name, "/usr/bin/login", "-f", "root"], size, { TERM: "xterm-256color" });
    },
    installPackages: (name, packages, progress) =>
      installPackages(ctx, name, packages, progress, (data) =>
        poller.emit({ type: "jail.output", jail: name, phase: "packages", data, at: clock.now() }),
      ),
    writeJailFile,
    subscribe: (listener) => poller.subscribe(listener),
    close: async () => poller.close(),
  };
}

/** The production driver: the real runner. */
export function createHostFreebsdDriver(options: Omit<FreebsdDriverOptions, "runner">): JailDriver {
  return createFreebsdDriver({ ...options, runner: createExecFileRunner() });
}
