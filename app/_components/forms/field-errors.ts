/**
 * A server refusal placed beside the field it concerns: zod issues by their path, an agent
 * refusal by the field it names. What names no field stays a form-level sentence.
 */
import { errorSentence, type FieldLabels, type ServerErrorLike } from "./error-sentence";

export interface ServerFieldError extends ServerErrorLike {
  data?: { zodIssues?: unknown; agentField?: string | null } | null;
}

export interface PlacedErrors {
  /** Sentence per field key (the first path segment, or the agent's field). */
  fields: Record<string, string>;
  /** Whatever names none of `known` fields. */
  form: string | null;
}

function issuePaths(error: ServerFieldError): { key: string; issue: unknown }[] {
  const issues = Array.isArray(error.data?.zodIssues) ? (error.data.zodIssues as { path?: unknown[] }[]) : [];
  return issues.map((issue) => ({ key: (issue.path ?? []).map(String).join("."), issue }));
}

/** Puts each problem next to the first of `known` fields its path starts with. */
export function placeServerErrors(error: ServerFieldError | null, known: readonly string[], labels: FieldLabels = {}): PlacedErrors {
  if (!error) return { fields: {}, form: null };
  const owner = (key: string) => known.find((field) => key === field || key.startsWith(`${field}.`)) ?? null;
  const fields: Record<string, string> = {};
  let unplaced = false;
  for (const { key, issue } of issuePaths(error)) {
    const field = owner(key);
    if (field) fields[field] ??= errorSentence({ message: "", data: { zodIssues: [issue] } }, labels);
    else unplaced = true;
  }
  const agentField = error.data?.agentField ? owner(error.data.agentField) : null;
  if (agentField) fields[agentField] ??= errorSentence(error, labels);
  const placed = Object.keys(fields).length > 0;
  return { fields, form: !placed || unplaced ? errorSentence(error, labels) : null };
}
