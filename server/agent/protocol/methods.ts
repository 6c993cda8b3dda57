import { z } from "zod";
import { hostInfoSchema, networkInfoSchema, processSnapshotSchema, usageReportSchema } from "./host";
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
 * Every agent method: its wire name, input and output schemas. The transport routes
 * POST /v1/<name> to it and the client parses both directions with the same schemas.
 */
export const agentMethods = {
  "host.info": { input: emptyInputSchema, output: hostInfoSchema },
  "templates.list": { input: emptyInputSchema, output: z.array(templateSchema) },
  "jails.list": { input: emptyInputSchema, output: z.array(jailSchema) },
  "jails.get": { input: jailRefInputSchema, output: jailSchema },
  "jails.create": { input: createJailInputSchema.strict(), output: jailSchema },
  "jails.start": { input: jailRefInputSchema, output: jailSchema },
  "jails.stop": { input: stopJailInputSchema, output: jailSchema },
  "jails.restart": { input: stopJailInputSchema, output: jailSchema },
  "jails.destroy": { input: jailRefInputSchema, output: destroyResultSchema },
  "jails.change": { input: changeJailInputSchema.strict(), output: changeResultSchema },
  "jails.plan": { input: planRequestSchema, output: planSchema },
  "jails.apply": { input: applyPlanInputSchema, output: applyResultSchema },
  "jails.packages.install": { input: installPackagesInputSchema, output: installPackagesResultSchema },
  "jails.files.write": { input: writeJailFileInputSchema, output: writeJailFileResultSchema },
  "processes.snapshot": { input: emptyInputSchema, output: processSnapshotSchema },
  "processes.signal": { input: signalProcessInputSchema, output: signalResultSchema },
  "usage.report": { input: emptyInputSchema, output: usageReportSchema },
  "network.info": { input: emptyInputSchema, output: networkInfoSchema },
  "consoles.list": { input: consoleListInputSchema, output: z.array(consoleSessionSchema) },
  "consoles.end": { input: consoleEndInputSchema, output: z.object({ id: consoleSessionIdSchema, ended: z.literal(true) }) },
} as const;

export type AgentMethods = typeof agentMethods;
export type AgentMethodName = keyof AgentMethods;
export type MethodInput<M extends AgentMethodName> = z.input<AgentMethods[M]["input"]>;
export type MethodParsedInput<M extends AgentMethodName> = z.output<AgentMethods[M]["input"]>;
export type MethodOutput<M extends AgentMethodName> = z.output<AgentMethods[M]["output"]>;
export type StopJailInput = z.input<typeof stopJailInputSchema>;

export const agentMethodNames = Object.keys(agentMethods) as AgentMethodName[];

/** Paths of the streaming channel (WebSocket upgrades on the same socket). */
export const agentStreamPaths = { events: "/v1/events", pty: "/v1/pty" } as const;
export const agentMethodPath = (method: AgentMethodName): string => `/v1/${method}`;
