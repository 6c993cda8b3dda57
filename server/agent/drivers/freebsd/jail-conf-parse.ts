import { AgentError } from "../../protocol";
import { META_PREFIX, stockadeMetaSchema, type StockadeMeta } from "./jail-conf";

export type ParsedConfValue = string | boolean | string[];

export interface ParsedJailConf {
  name: string;
  parameters: Record<string, ParsedConfValue>;
  /** null when the file was not written by Stockade (an adopted jail). */
  meta: StockadeMeta | null;
}

type Token = { kind: "word"; text: string } | { kind: "punct"; text: string };

const ESCAPED: Record<string, string> = { n: "\n", t: "\t", r: "\r" };

function readQuoted(text: string, start: number): [string, number] {
  const quote = text[start];
  let value = "";
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] === "\\") {
      i++;
      const ch = text[i] ?? "";
      value += ESCAPED[ch] ?? ch;
    } else value += text[i];
    i++;
  }
  if (i >= text.length) throw new AgentError("engine_failed", "jail.conf has an unterminated string");
  return [value, i + 1];
}

/** Enough of jail.conf(5)'s lexer for the files Stockade writes and simple hand-written ones. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? "";
    const rest = text.slice(i);
    if (/\s/.test(ch)) i++;
    else if (ch === "#" || rest.startsWith("//")) i = text.indexOf("\n", i) < 0 ? text.length : text.indexOf("\n", i);
    else if (rest.startsWith("/*")) i = text.indexOf("*/", i) < 0 ? text.length : text.indexOf("*/", i) + 2;
    else if (rest.startsWith("+=") || ";={},".includes(ch)) {
      const punct = rest.startsWith("+=") ? "+=" : ch;
      tokens.push({ kind: "punct", text: punct });
      i += punct.length;
    } else if (ch === '"' || ch === "'") {
      const [value, next] = readQuoted(text, i);
      tokens.push({ kind: "word", text: value });
      i = next;
    } else {
      const word = /^[^\s;={},"'#]+/.exec(rest)?.[0] ?? ch;
      tokens.push({ kind: "word", text: word });
      i += word.length;
    }
  }
  return tokens;
}

function readMeta(text: string): StockadeMeta | null {
  const line = text.split("\n").find((l) => l.startsWith(META_PREFIX));
  if (!line) return null;
  try {
    return stockadeMetaSchema.parse(JSON.parse(line.slice(META_PREFIX.length)));
  } catch {
    return null;
  }
}

function assign(parameters: Record<string, ParsedConfValue>, name: string, values: string[], append: boolean) {
  if (values.length === 0) {
    // "allow.nomount;" is the valueless false of "allow.mount".
    const negated = /^(.*\.)?no([a-z].*)$/.exec(name);
    if (negated && !(name in parameters)) parameters[`${negated[1] ?? ""}${negated[2]}`] = false;
    else parameters[name] = true;
    return;
  }
  if (values.length === 1 && (values[0] === "true" || values[0] === "false")) {
    parameters[name] = values[0] === "true";
    return;
  }
  const previous = parameters[name];
  const merged = append && Array.isArray(previous) ? [...previous, ...values] : values;
  parameters[name] = merged.length === 1 && !name.endsWith(".addr") && name !== "mount" ? (merged[0] ?? "") : merged;
}

/** Parses one jail definition: NAME { param = value, …; flag; list += value; }. */
export function parseJailConf(text: string): ParsedJailConf {
  const tokens = tokenize(text);
  const [nameToken, brace] = tokens;
  if (nameToken?.kind !== "word" || brace?.text !== "{") {
    throw new AgentError("engine_failed", "jail.conf does not start with a jail definition");
  }
  const parameters: Record<string, ParsedConfValue> = {};
  let i = 2;
  while (i < tokens.length && tokens[i]?.text !== "}") {
    const name = tokens[i++]?.text ?? "";
    const operator = tokens[i]?.text;
    const values: string[] = [];
    if (operator === "=" || operator === "+=") {
      i++;
      while (i < tokens.length && tokens[i]?.text !== ";") {
        const token = tokens[i++];
        if (token?.kind === "word") values.push(token.text);
      }
    }
    if (tokens[i]?.text !== ";") throw new AgentError("engine_failed", `jail.conf: missing ";" after ${name}`);
    i++;
    assign(parameters, name, values, operator === "+=");
  }
  return { name: nameToken.text, parameters, meta: readMeta(text) };
}
