import { z } from "zod";

/** One code per failure class; the web maps each to a tRPC error code in one place. */
export const agentErrorCodeSchema = z.enum([
  "invalid_input", // the request failed validation; nothing was run
  "not_found", // no such jail, template, process or session
  "conflict", // name or address taken, jail in the wrong state
  "stale_plan", // the plan is unknown, expired, applied or the jail changed since: plan again
  "read_only", // a file the plan writes may not be written (immutable flag, read-only mount or mode): nothing was run
  "unsupported", // the driver or engine cannot do this
  "engine_failed", // the OS tool ran and failed
  "unavailable", // the agent cannot work here (not root, LXC missing)
  "internal", // a bug
]);

export const agentErrorBodySchema = z.object({
  code: agentErrorCodeSchema,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export type AgentErrorCode = z.infer<typeof agentErrorCodeSchema>;
export type AgentErrorBody = z.infer<typeof agentErrorBodySchema>;

export class AgentError extends Error {
  constructor(
    readonly code: AgentErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AgentError";
  }

  toBody(): AgentErrorBody {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}
