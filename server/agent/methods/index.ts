import type { Logger } from "pino";
import { ConsoleSessions, type ConsoleSessionsOptions } from "../console/sessions";
import type { JailDriver, PtySize } from "../drivers/driver";
import { KeyedQueue } from "../lib/keyed-queue";
import { withProgress } from "../lib/progress";
import {
  AgentError,
  PROTOCOL_VERSION,
  type AgentEvent,
  type AgentMethodName,
  type MethodOutput,
  type MethodParsedInput,
} from "../protocol";
import { EventBus } from "./events";
import { PlanStore, verifyStillHolds, withPlan } from "./plans";
import { PowerOperations } from "./power";
import { parseInput } from "./validate";

type Handler<M extends AgentMethodName> = (input: MethodParsedInput<M>) => Promise<MethodOutput<M>>;
export type Handlers = { [M in AgentMethodName]: Handler<M> };

export interface AgentMethods {
  /** Validates `input` for `method` and runs it; every error is an AgentError. */
  call(method: AgentMethodName, input: unknown): Promise<unknown>;
  /** Console sessions: PTYs inside jails that outlive the streams attached to them. */
  consoles: ConsoleSessions;
  events: EventBus;
  autostart(): Promise<void>;
  close(): Promise<void>;
}

function handlers(driver: JailDriver, events: EventBus, queue: KeyedQueue, consoles: ConsoleSessions, power: PowerOperations): Handlers {
  const now = () => Date.now();
  // Lifecycle changes on one jail wait for each other; reads and exec do not.
  const serial = <T>(name: string, task: () => Promise<T>) => queue.run(name, task);
  const powering = <T>(name: string, task: () => Promise<T>) => serial(name, () => power.track(name, task));
  const plans = new PlanStore();
  const emit = (event: AgentEvent) => events.emit(event);
  return {
    "host.info": async () => ({ ...(await driver.hostInfo()), protocolVersion: PROTOCOL_VERSION }),
    "host.summary": async () => {
      const [info, jails, report] = await Promise.all([driver.hostInfo(), driver.listJails(), driver.usage()]);
      return { takenAt: report.takenAt, info: { ...info, protocolVersion: PROTOCOL_VERSION }, jails, usage: report.host };
    },
    "templates.list": () => driver.listTemplates(),
    "jails.list": () => driver.listJails(),
    "jails.get": async ({ name }) => {
      const jail = (await driver.listJails()).find((j) => j.name === name);
      if (!jail) throw new AgentError("not_found", `No jail named ${name}`, { jail: name });
      return jail;
    },
    "jails.create": (input) =>
      serial(input.name, async () => {
        const jail = await withProgress(emit, `create:${input.name}`, (progress) => driver.createJail(input, progress));
        events.emit({ type: "jail.created", jail: jail.name, at: now() });
        return jail;
      }),
    "jails.start": ({ name }) => powering(name, () => driver.startJail(name)),
    "jails.stop": ({ name, timeoutSeconds }) => powering(name, () => driver.stopJail(name, timeoutSeconds)),
    "jails.restart": ({ name, timeoutSeconds }) => powering(name, () => driver.restartJail(name, timeoutSeconds)),
    "jails.destroy": ({ name }) =>
      serial(name, async () => {
        await driver.destroyJail(name);
        events.emit({ type: "jail.destroyed", jail: name, at: now() });
        return { name, destroyed: true as const };
      }),
    "jails.change": (input) => serial(input.name, () => driver.changeJail(input)),
    "jails.plan": async (request) => plans.add(request, await driver.plan(request)),
    "jails.apply": (input) =>
      serial(plans.jailOf(input.planId), async () => {
        const stored = plans.take(input);
        const { kind, jail: name } = stored.plan;
        const verify = () => verifyStillHolds(stored, () => driver.plan(stored.request));
        const jail = await withProgress(emit, `${kind}:${name}`, (progress) => driver.apply(stored.computed, { progress, verify })).catch(
          (error: unknown) => {
            throw withPlan(error, stored.plan);
          },
        );
        if (kind === "create") events.emit({ type: "jail.created", jail: name, at: now() });
        if (kind === "destroy") events.emit({ type: "jail.destroyed", jail: name, at: now() });
        return { plan: stored.plan, jail };
      }),
    "jails.packages.install": ({ name, packages }) =>
      serial(name, () => withProgress(emit, `packages:${name}`, (progress) => driver.installPackages(name, packages, progress))),
    "jails.files.write": async ({ name, path, content, mode }) => ({
      jail: name,
      path,
      bytes: await driver.writeJailFile(name, path, content, mode),
    }),
    "processes.snapshot": () => driver.processSnapshot(),
    "processes.signal": async (input) => {
      await driver.signalProcess(input);
      return { pid: input.pid, signal: input.signal, sent: true as const };
    },
    "usage.report": () => driver.usage(),
    "network.info": () => driver.network(),
    "consoles.list": async ({ jail }) => consoles.list(jail),
    "consoles.end": async ({ id }) => consoles.end(id),
  };
}

function asAgentError(error: unknown): AgentError {
  if (error instanceof AgentError) return error;
  return new AgentError("internal", error instanceof Error ? error.message : String(error));
}

export function createMethods(driver: JailDriver, log: Logger, consoleOptions: ConsoleSessionsOptions): AgentMethods {
  const events = new EventBus();
  const queue = new KeyedQueue();
  const power = new PowerOperations();
  const openPty = async (jail: string, size: PtySize) => {
    await power.settled(jail);
    return driver.openPty(jail, size);
  };
  const consoles = new ConsoleSessions(openPty, consoleOptions);
  const table = handlers(driver, events, queue, consoles, power);
  const unsubscribe = driver.subscribe((event) => events.emit(event));
  const call = async (method: AgentMethodName, input: unknown) => {
    const parsed = parseInput(method, input);
    try {
      return await (table[method] as (i: unknown) => Promise<unknown>)(parsed);
    } catch (error) {
      const agentError = asAgentError(error);
      log[agentError.code === "internal" ? "error" : "warn"]({ method, code: agentError.code, err: error }, agentError.message);
      throw agentError;
    }
  };
  return {
    call,
    events,
    consoles,
    async autostart() {
      for (const jail of await driver.listJails()) {
        if (!jail.autostart || jail.state !== "stopped") continue;
        await call("jails.start", { name: jail.name }).catch(() => log.error({ jail: jail.name }, "autostart failed"));
      }
    },
    async close() {
      consoles.closeAll();
      unsubscribe();
      await driver.close();
    },
  };
}
