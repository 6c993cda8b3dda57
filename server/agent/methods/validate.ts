import type { z } from "zod";
import { AgentError, agentMethods, type AgentMethodName, type MethodParsedInput } from "../protocol";

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.join(".") : "input";
  if (issue.code === "unrecognized_keys") return `${where}: unknown field(s) ${issue.keys.join(", ")}`;
  return `${where}: ${issue.message}`;
}

/** The form field a refusal is about: a plan request's fields sit under "input", as in jails.create. */
function fieldOf(method: AgentMethodName, issue: z.core.$ZodIssue | undefined): string {
  const parts = [...(issue?.path ?? []).map(String), ...(issue?.code === "unrecognized_keys" ? issue.keys.slice(0, 1) : [])];
  return (method === "jails.plan" && parts[0] === "input" ? parts.slice(1) : parts).join(".") || "input";
}

/** The one place a request body becomes typed input; a failure is invalid_input and nothing runs. */
export function parseInput<M extends AgentMethodName>(method: M, input: unknown): MethodParsedInput<M> {
  const result = agentMethods[method].input.safeParse(input ?? {});
  if (result.success) return result.data as MethodParsedInput<M>;
  const issues = result.error.issues;
  throw new AgentError("invalid_input", `Invalid ${method} request: ${issues.map(describeIssue).join("; ")}`, {
    field: fieldOf(method, issues[0]),
    issues: issues.map((i) => ({ path: i.path.map(String), message: i.message })),
  });
}
