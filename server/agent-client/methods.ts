import type {
  ChangeJailInput,
  CreateJailInput,
  MethodInput,
  MethodOutput,
  SignalProcessInput,
  WriteJailFileInput,
} from "../agent/protocol";
import { callAgent, type AgentConnection, type CallOptions } from "./connection";

type Out<M extends Parameters<typeof callAgent>[1]> = Promise<MethodOutput<M>>;

/** Creating from a template that is not built yet runs debootstrap: allow for it. */
const CREATE_TIMEOUT_MS = 30 * 60_000;

export const fetchHostInfo = (c: AgentConnection): Out<"host.info"> => callAgent(c, "host.info", {});
export const fetchHostSummary = (c: AgentConnection): Out<"host.summary"> => callAgent(c, "host.summary", {});
export const fetchTemplates = (c: AgentConnection): Out<"templates.list"> => callAgent(c, "templates.list", {});
export const fetchJails = (c: AgentConnection): Out<"jails.list"> => callAgent(c, "jails.list", {});
export const fetchJail = (c: AgentConnection, name: string): Out<"jails.get"> => callAgent(c, "jails.get", { name });

export const createJail = (c: AgentConnection, input: CreateJailInput, options: CallOptions = {}): Out<"jails.create"> =>
  callAgent(c, "jails.create", input, { timeoutMs: CREATE_TIMEOUT_MS, ...options });

export const startJail = (c: AgentConnection, name: string): Out<"jails.start"> => callAgent(c, "jails.start", { name });

export const stopJail = (c: AgentConnection, name: string, timeoutSeconds?: number): Out<"jails.stop"> =>
  callAgent(c, "jails.stop", { name, timeoutSeconds }, { timeoutMs: ((timeoutSeconds ?? 10) + 60) * 1000 });

export const restartJail = (c: AgentConnection, name: string, timeoutSeconds?: number): Out<"jails.restart"> =>
  callAgent(c, "jails.restart", { name, timeoutSeconds }, { timeoutMs: ((timeoutSeconds ?? 10) + 90) * 1000 });

export const destroyJail = (c: AgentConnection, name: string): Out<"jails.destroy"> =>
  callAgent(c, "jails.destroy", { name }, { timeoutMs: 180_000 });

export const changeJail = (c: AgentConnection, input: ChangeJailInput): Out<"jails.change"> => callAgent(c, "jails.change", input);

export const planJailChange = (c: AgentConnection, request: MethodInput<"jails.plan">): Out<"jails.plan"> =>
  callAgent(c, "jails.plan", request);

/** Applying a create may build a template; a destroy deletes a root filesystem. */
export const applyJailPlan = (c: AgentConnection, input: MethodInput<"jails.apply">): Out<"jails.apply"> =>
  callAgent(c, "jails.apply", input, { timeoutMs: CREATE_TIMEOUT_MS });

/** Downloads on the host and dpkg/pkg inside the jail: minutes for a large set. */
export const installPackages = (c: AgentConnection, name: string, packages: string[]): Out<"jails.packages.install"> =>
  callAgent(c, "jails.packages.install", { name, packages }, { timeoutMs: 30 * 60_000 });

export const writeJailFile = (c: AgentConnection, input: WriteJailFileInput): Out<"jails.files.write"> =>
  callAgent(c, "jails.files.write", input);

export const fetchProcessSnapshot = (c: AgentConnection): Out<"processes.snapshot"> => callAgent(c, "processes.snapshot", {});
export const signalProcess = (c: AgentConnection, input: SignalProcessInput): Out<"processes.signal"> =>
  callAgent(c, "processes.signal", input);
export const fetchUsageReport = (c: AgentConnection): Out<"usage.report"> => callAgent(c, "usage.report", {});
export const fetchNetworkInfo = (c: AgentConnection): Out<"network.info"> => callAgent(c, "network.info", {});

export const listConsoles = (c: AgentConnection, jail?: string): Out<"consoles.list"> => callAgent(c, "consoles.list", { jail });
export const endConsole = (c: AgentConnection, id: string): Out<"consoles.end"> => callAgent(c, "consoles.end", { id });
