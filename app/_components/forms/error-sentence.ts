/**
 * Turns what a form's server call failed with into one sentence that names the field.
 * tRPC sends validation failures as zod issues (in `data.zodIssues`, and as JSON in the
 * message); every form shows errors through this one function instead of the raw text.
 */
/** The parts of a zod issue this reads; checked by hand, so zod itself stays out of the browser's bundle. */
interface Issue {
  code: string;
  path: (string | number)[];
  message: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  values?: unknown[];
  expected?: string;
}

const isBound = (value: unknown) => value === undefined || typeof value === "number" || typeof value === "bigint";
const isOptionalString = (value: unknown) => value === undefined || typeof value === "string";

function toIssue(raw: unknown): Issue | null {
  if (typeof raw !== "object" || raw === null) return null;
  const issue = raw as Record<string, unknown>;
  const path = issue.path ?? [];
  const validPath = Array.isArray(path) && path.every((part) => typeof part === "string" || typeof part === "number");
  const valid =
    typeof issue.code === "string" &&
    validPath &&
    isOptionalString(issue.message) &&
    isBound(issue.minimum) &&
    isBound(issue.maximum) &&
    isOptionalString(issue.origin) &&
    isOptionalString(issue.expected) &&
    (issue.values === undefined || Array.isArray(issue.values));
  return valid ? ({ ...issue, path, message: issue.message ?? "" } as Issue) : null;
}

/** Every element an issue, or none: a half-understood list would name the wrong field. */
function toIssues(raw: unknown): Issue[] | null {
  if (!Array.isArray(raw)) return null;
  const issues = raw.map(toIssue);
  return issues.every((issue) => issue !== null) ? (issues as Issue[]) : null;
}

export interface ServerErrorLike {
  message: string;
  data?: { zodIssues?: unknown } | null;
}

/** Field labels as the form shows them, by input path ("limits.memory" → "Memory limit"). */
export type FieldLabels = Record<string, string>;

/** zod's own wording starts like this; a schema's custom message does not, and is kept. */
const GENERIC_MESSAGE = /^(Invalid|Too (small|big)|Expected|Required|Unrecognized)/;

function issuesOf(error: ServerErrorLike): Issue[] {
  const fromData = toIssues(error.data?.zodIssues);
  if (fromData && fromData.length > 0) return fromData;
  try {
    return toIssues(JSON.parse(error.message)) ?? [];
  } catch {
    return [];
  }
}

export function fieldLabel(path: Issue["path"], labels: FieldLabels): string {
  const key = path.join(".");
  if (labels[key]) return labels[key];
  const last = path.filter((part) => typeof part === "string").at(-1);
  if (!last) return "The form";
  const words = last
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function sizeRule(issue: Issue, bound: "minimum" | "maximum"): string {
  const limit = Number(issue[bound]);
  const atLeast = bound === "minimum";
  if (issue.origin === "string") {
    if (atLeast && limit <= 1) return "is required";
    return `must be at ${atLeast ? "least" : "most"} ${limit} characters`;
  }
  if (issue.origin === "array" || issue.origin === "set") return `must have at ${atLeast ? "least" : "most"} ${limit} entries`;
  return `must be ${atLeast ? "at least" : "at most"} ${limit}`;
}

/** A schema's own message that reads on from the field's name ("must be …"). */
const CONTINUES_NAME = /^(must|is|are|cannot|should|has|needs)\b/i;

function customMessage(issue: Issue): string | null {
  return issue.message && !GENERIC_MESSAGE.test(issue.message) ? issue.message : null;
}

function rule(issue: Issue): string {
  switch (issue.code) {
    case "too_small":
      return sizeRule(issue, "minimum");
    case "too_big":
      return sizeRule(issue, "maximum");
    case "invalid_value":
      return issue.values ? `must be one of ${issue.values.map(String).join(", ")}` : "has a value that is not allowed";
    case "invalid_type":
      return /undefined/.test(issue.message) ? "is required" : `must be ${issue.expected ? `a ${issue.expected}` : "of another type"}`;
    case "invalid_format":
      return "is not in the expected format";
    default:
      return "is not valid";
  }
}

function issueSentence(issue: Issue, labels: FieldLabels): string {
  const label = fieldLabel(issue.path, labels);
  const custom = customMessage(issue);
  if (custom === null) return sentence(`${label} ${rule(issue)}`);
  if (CONTINUES_NAME.test(custom)) return sentence(`${label} ${custom.charAt(0).toLowerCase()}${custom.slice(1)}`);
  return sentence(`${label}: ${custom}`);
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** One sentence per problem, each naming its field; a message that is not about a field is kept. */
export function errorSentence(error: ServerErrorLike, labels: FieldLabels = {}): string {
  const issues = issuesOf(error);
  if (issues.length === 0) return sentence(error.message || "Something went wrong. Try again");
  return issues.map((issue) => issueSentence(issue, labels)).join(" ");
}
