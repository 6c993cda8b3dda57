/**
 * From jail.conf(5) text to the parameters the driver works with: jail(8)'s merge and
 * substitution (jail-conf-resolve.ts) turned into booleans, strings and lists, with where
 * each value came from.
 */
import { AgentError } from "../../protocol";
import { META_PREFIX, stockadeMetaSchema, type StockadeMeta } from "./jail-conf";
import { duplicateDefinitions, resolveJails, type ConfSource, type ResolvedJail } from "./jail-conf-resolve";
import { parseConfFile } from "./jail-conf-syntax";

export type ParsedConfValue = string | boolean | string[];

export interface ParsedJailConf {
  name: string;
  parameters: Record<string, ParsedConfValue>;
  /** Where each parameter was set: the statement that set it, then each `+=`. */
  sources: Record<string, ConfSource[]>;
  /** null when the file was not written by Stockade (an adopted jail). */
  meta: StockadeMeta | null;
}

/** Parameters that hold a list even with one value (others are a list only with several). */
const LIST_PARAMETER = /\.addr$|^mount$/;
const NEGATED = /^(.*\.)?no([a-z].*)$/;

/** jail(8)'s bool_param: a "no" prefix on the last component inverts; bare means true. */
export function toConfValue(name: string, values: readonly string[]): [string, ParsedConfValue] {
  const negated = NEGATED.exec(name);
  const base = negated ? `${negated[1] ?? ""}${negated[2]}` : name;
  const only = values.length === 1 ? values[0]!.toLowerCase() : null;
  if (values.length === 0) return negated ? [base, false] : [name, true];
  if (only === "true" || only === "false") return negated ? [base, only === "false"] : [name, only === "true"];
  if (values.length === 1 && !LIST_PARAMETER.test(name)) return [name, values[0]!];
  return [name, [...values]];
}

export function effectiveParameters(jail: ResolvedJail): Pick<ParsedJailConf, "parameters" | "sources"> {
  const parameters: Record<string, ParsedConfValue> = {};
  const sources: Record<string, ConfSource[]> = {};
  for (const parameter of jail.parameters) {
    const [name, value] = toConfValue(parameter.name, parameter.values);
    parameters[name] = value;
    sources[name] = parameter.sources;
  }
  return { parameters, sources };
}

export function readMeta(text: string): StockadeMeta | null {
  const line = text.split("\n").find((l) => l.startsWith(META_PREFIX));
  if (!line) return null;
  try {
    return stockadeMetaSchema.parse(JSON.parse(line.slice(META_PREFIX.length)));
  } catch {
    return null;
  }
}

/** A file holding exactly one jail, as Stockade writes them; anything jail(8) would refuse is refused. */
export function parseJailConf(text: string, file = "jail.conf"): ParsedJailConf {
  const parsed = parseConfFile(text, file);
  const blocks = parsed.items.flatMap((item) => (item.kind === "block" ? [item.block] : []));
  const jails = resolveJails(blocks);
  const problem = [...parsed.problems, ...duplicateDefinitions(jails), ...jails.flatMap((j) => j.problems)][0];
  if (problem) throw new AgentError("engine_failed", `${problem.file} line ${problem.line}: ${problem.message}`);
  const [jail] = jails;
  if (!jail) throw new AgentError("engine_failed", `${file} does not hold a jail definition`);
  return { name: jail.name, ...effectiveParameters(jail), meta: readMeta(text) };
}
