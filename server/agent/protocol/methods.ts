import { z } from "zod";
import { hostInfoSchema, hostSummarySchema, networkInfoSchema, processSnapshotSchema, usageReportSchema } from "./host";
import { changeJailInputSchema, changeResultSchema, createJailInputSchema, jailSchema, templateSchema } from "./jail";
import { jailNameSchema } from "./names";
import { signalProcessInputSchema, signalResultSchema } from "./signal";
import { consoleSessionIdSchema, consoleSessionSchema } from "./streams";
import { installPackagesInputSchema, installPackagesResultSchema, writeJailFileInputSchema, writeJailFileResultSchema } from "./packages";
import { applyPlanInputSchema, applyResultSchema, planRequestSchema, planSchema } from "./plan";

export const emptyInputSchema = z.object({}).strict();
export const jailRefInputSchema = z.object({ name: jailNameSchema }).strict();

export const stopJailInputSchema = z
  .object({
    name: jailNameSchema,
    /** Seconds of graceful shutdown before the rest is killed. */
    timeoutSeconds: z.number().int().min(0).max(600).default(10),
  })
  .strict();

export const consoleListInputSchema = z.object({ jail: jailNameSchema.optional() }).strict();
export const consoleEndInputSchema = z.object({ id: consoleSessionIdSchema }).strict();

export const destroyResultSchema = z.object({ name: jailNameSchema, destroyed: z.literal(true) });

/**
 * The protocol this code speaks. Raise it when a method is added, and give the method that
 * version as its `since`: the web then refuses to send it to an agent reporting less.
 *   1: every method from before versioning (such agents report no version at all).
 *   2: host.info reports protocolVersion; host.summary.
 *   3: jails.plan's adopt request takes lxcPath (a container in another LXC path); see inputFeatures.
 */
export const PROTOCOL_VERSION = 3;

/**
 * Fields added to an existing method's input: an older agent's strict schema would refuse them with
 * a bare invalid_input, so the web refuses first, naming the feature and the version it needs.
 */
export const inputFeatures = [
  {
    method: "jails.plan",
    feature: "adopting a container from another LXC path (lxcPath)",
    since: 3,
    uses: (input: unknown) =>
      (input as { kind?: unknown; lxcPath?: unknown }).kind === "adopt" && (input as { lxcPath?: unknown }).lxcPath !== undefined,
  },
] as const satisfies readonly { method: AgentMethodName; feature: string; since: number; uses: (input: unknown) => boolean }[];

/**
 * Every agent method: its wire name, input and output schemas, and the protocol version that
 * added it. The transport routes POST /v1/<name> to it and the client parses both directions
 * with the same schemas.
 */
export const agentMethods = {
  "host.info": { input: emptyInputSchema, output: hostInfoSchema, since: 1 },
  /** One round trip for the Hosts page's poll: info, jails and the host's usage. */
  "host.summary": { input: emptyInputSchema, output: hostSummarySchema, since: 2 },
  "templates.list": { input: emptyInputSchema, output: z.array(templateSchema), since: 1 },
  "jails.list": { input: emptyInputSchema, output: z.array(jailSchema), since: 1 },
  "jails.get": { input: jailRefInputSchema, output: jailSchema, since: 1 },
  "jails.create": { input: createJailInputSchema.strict(), output: jailSchema, since: 1 },
  "jails.start": { input: jailRefInputSchema, output: jailSchema, since: 1 },
  "jails.stop": { input: stopJailInputSchema, output: jailSchema, since: 1 },
  "jails.restart": { input: stopJailInputSchema, output: jailSchema, since: 1 },
  "jails.destroy": { input: jailRefInputSchema, output: destroyResultSchema, since: 1 },
  "jails.change": { input: changeJailInputSchema.strict(), output: changeResultSchema, since: 1 },
  "jails.plan": { input: planRequestSchema, output: planSchema, since: 1 },
  "jails.apply": { input: applyPlanInputSchema, output: applyResultSchema, since: 1 },
  "jails.packages.install": { input: installPackagesInputSchema, output: installPackagesResultSchema, since: 1 },
  "jails.files.write": { input: writeJailFileInputSchema, output: writeJailFileResultSchema, since: 1 },
  "processes.snapshot": { input: emptyInputSchema, output: processSnapshotSchema, since: 1 },
  "processes.signal": { input: signalProcessInputSchema, output: signalResultSchema, since: 1 },
  "usage.report": { input: emptyInputSchema, output: usageReportSchema, since: 1 },
  "network.info": { input: emptyInputSchema, output: networkInfoSchema, since: 1 },
  "consoles.list": { input: consoleListInputSchema, output: z.array(consoleSessionSchema), since: 1 },
  "consoles.end": { input: consoleEndInputSchema, output: z.object({ id: consoleSessionIdSchema, ended: z.literal(true) }), since: 1 },
} as const;

export type AgentMethods = typeof agentMethods;
export type AgentMethodName = keyof AgentMethods;
export type MethodInput<M extends AgentMethodName> = z.input<AgentMethods[M]["input"]>;
export type MethodParsedInput<M extends AgentMethodName> = z.output<AgentMethods[M]["input"]>;
export type MethodOutput<M extends AgentMethodName> = z.output<AgentMethods[M]["output"]>;
export type StopJailInput = z.input<typeof stopJailInputSchema>;

export const agentMethodNames = Object.keys(agentMethods) as AgentMethodName[];

/** Whether an agent speaking `protocolVersion` serves `method`. */
export const agentServes = (protocolVersion: number, method: AgentMethodName): boolean => agentMethods[method].since <= protocolVersion;

/** Paths of the streaming channel (WebSocket upgrades on the same socket). */
export const agentStreamPaths = { events: "/v1/events", pty: "/v1/pty" } as const;
export const agentMethodPath = (method: AgentMethodName): string => `/v1/${method}`;
