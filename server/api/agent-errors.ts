import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { AgentError, type AgentErrorCode } from "@/server/agent/protocol/errors";

/** The one place an agent failure becomes what the browser sees. */
const trpcCodeFor: Record<AgentErrorCode, TRPC_ERROR_CODE_KEY> = {
  invalid_input: "BAD_REQUEST",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  stale_plan: "PRECONDITION_FAILED",
  read_only: "CONFLICT",
  unsupported: "NOT_IMPLEMENTED",
  engine_failed: "BAD_GATEWAY",
  unavailable: "SERVICE_UNAVAILABLE",
  internal: "INTERNAL_SERVER_ERROR",
};

export function agentErrorToTrpc(error: AgentError): TRPCError {
  return new TRPCError({ code: trpcCodeFor[error.code], message: error.message, cause: error });
}

export function isAgentError(error: unknown): error is AgentError {
  return error instanceof AgentError;
}
