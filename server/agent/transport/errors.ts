import { AgentError, type AgentErrorBody, type AgentErrorCode } from "../protocol";

/** The one mapping from error code to HTTP status. */
export const statusForCode: Record<AgentErrorCode, number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  stale_plan: 412,
  read_only: 423,
  unsupported: 501,
  engine_failed: 502,
  unavailable: 503,
  internal: 500,
};

export function errorBody(error: unknown): { status: number; body: AgentErrorBody } {
  const agentError =
    error instanceof AgentError ? error : new AgentError("internal", error instanceof Error ? error.message : String(error));
  return { status: statusForCode[agentError.code], body: agentError.toBody() };
}
