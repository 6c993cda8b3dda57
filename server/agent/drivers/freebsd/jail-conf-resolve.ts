/**
 * A jail's effective parameters, merged the way jail(8)'s load_config does: the implicit
 * `name`, then every wildcard block (and parameter outside a block) that comes before the
 * jail's own block, its own parameters, then the wildcards after it. A parameter set again
 * replaces the earlier value (`allow.mount` and `allow.nomount` are one parameter), `+=`
 * appends. Variables ($x, ${x}) are substituted per jail, from parameters and variables alike.
 */
import type { ConfProblem, Piece } from "./jail-conf-lexer";
import type { ConfBlock, ConfStatement } from "./jail-conf-syntax";

export interface ConfSource {
  file: string;
  line: number;
}

export interface ResolvedParameter {
  name: string;
  values: string[];
  /** Every statement that makes up the value: one for `=`, one more per `+=`. */
  sources: ConfSource[];
}

export interface ResolvedJail {
  name: string;
  block: ConfBlock;
  parameters: ResolvedParameter[];
  /** Problems that make jail(8) refuse this jail (it fails, the others go on). */
  problems: ConfProblem[];
}

interface Entry {
  name: string;
  variable: boolean;
  immutable: boolean;
  values: Piece[][];
  sources: ConfSource[];
}

/** jail(8)'s wild_jail_name / wild_jail_match: "*" is any jail, "foo.*" any jail below foo. */
export function isWildcard(name: string): boolean {
  return name.includes("*");
}

export function wildcardMatches(jail: string, wildcard: string): boolean {
  const jailParts = jail.split(".");
  const wildParts = wildcard.split(".");
  for (let i = 0; i < wildParts.length; i++) {
    const part = wildParts[i];
    const last = i === wildParts.length - 1;
    if (last && part === "*") return jailParts.length > i;
    if (jailParts[i] === undefined || (part !== "*" && part !== jailParts[i])) return false;
  }
  return jailParts.length === wildParts.length;
}

/** jail(8)'s equalopts: "opt" and "noopt" name one parameter, at any dotted level. */
export function sameParameter(a: string, b: string): boolean {
  if (a === b) return true;
  const [aParts, bParts] = [a.split("."), b.split(".")];
  if (aParts.length !== bParts.length) return false;
  const lastIndex = aParts.length - 1;
  if (aParts.slice(0, lastIndex).join(".") !== bParts.slice(0, lastIndex).join(".")) return false;
  const [x, y] = [aParts[lastIndex]!, bParts[lastIndex]!];
  return x === `no${y}` || y === `no${x}`;
}

function problemAt(block: ConfBlock, message: string): ConfProblem {
  return { file: block.file, line: block.line, message };
}

function addStatement(entries: Entry[], statement: ConfStatement, jail: ConfBlock, problems: ConfProblem[]): void {
  const source = { file: statement.file, line: statement.line };
  const existing = entries.find((entry) => sameParameter(entry.name, statement.name));
  if (!existing) {
    const entry = {
      name: statement.name,
      variable: statement.variable,
      immutable: false,
      values: [...statement.values],
      sources: [source],
    };
    entries.push(entry);
    return;
  }
  if (existing.variable !== statement.variable) {
    problems.push({ ...source, message: `${jail.name}: variable "$${statement.name}" cannot have the same name as a parameter.` });
    return;
  }
  if (existing.immutable) {
    problems.push({ ...source, message: `${jail.name}: cannot redefine parameter "${existing.name}".` });
    return;
  }
  existing.name = statement.name;
  if (statement.op !== "append" || statement.values.length === 0) {
    existing.values = [];
    existing.sources = [];
  }
  existing.values.push(...statement.values);
  existing.sources.push(source);
}

function collectEntries(jail: ConfBlock, seq: number, wildcards: { block: ConfBlock; seq: number }[], problems: ConfProblem[]) {
  const idKey = /^\d+$/.test(jail.name) && Number(jail.name) !== 0 ? "jid" : "name";
  const entries: Entry[] = [{ name: idKey, variable: false, immutable: true, values: [[{ kind: "text", text: jail.name }]], sources: [] }];
  const addOwn = () => jail.statements.forEach((statement) => addStatement(entries, statement, jail, problems));
  let didSelf = false;
  for (const wildcard of wildcards) {
    if (seq < wildcard.seq && !didSelf) {
      addOwn();
      didSelf = true;
    }
    if (wildcardMatches(jail.name, wildcard.block.name)) {
      wildcard.block.statements.forEach((statement) => addStatement(entries, statement, jail, problems));
    }
  }
  if (!didSelf) addOwn();
  return entries;
}

class Substitution {
  private readonly resolved = new Map<Entry, string[]>();
  private readonly resolving = new Set<Entry>();

  constructor(
    private readonly entries: Entry[],
    private readonly jail: ConfBlock,
    private readonly problems: ConfProblem[],
  ) {}

  /** The entry's values with every variable substituted, or null (and a problem) when one cannot be. */
  values(entry: Entry): string[] | null {
    const done = this.resolved.get(entry);
    if (done) return done;
    if (this.resolving.has(entry)) return this.fail(entry, `${entry.name}: variable loop`);
    this.resolving.add(entry);
    const out: string[] = [];
    for (const pieces of entry.values) {
      const expanded = this.expand(entry, pieces);
      if (!expanded) return null;
      out.push(...expanded);
    }
    this.resolving.delete(entry);
    this.resolved.set(entry, out);
    return out;
  }

  private expand(entry: Entry, pieces: Piece[]): string[] | null {
    let text = "";
    for (const piece of pieces) {
      if (piece.kind === "text") {
        text += piece.text;
        continue;
      }
      const target = this.entries.find((candidate) => candidate.name === piece.name);
      if (!target || target.values.length === 0) return this.fail(entry, `${entry.name}: variable "${piece.name}" not found`);
      const values = this.values(target);
      if (!values) return null;
      if (values.length > 1) {
        if (pieces.length === 1) return values;
        return this.fail(entry, `${entry.name}: array cannot be substituted inline`);
      }
      text += values[0] ?? "";
    }
    return [text];
  }

  private fail(entry: Entry, message: string): null {
    const source = entry.sources.at(-1) ?? { file: this.jail.file, line: this.jail.line };
    this.problems.push({ ...source, message: `${this.jail.name}: ${message}` });
    return null;
  }
}

/** Every real jail of one configuration (blocks in file order, includes already spliced in). */
export function resolveJails(blocks: readonly ConfBlock[]): ResolvedJail[] {
  const numbered = blocks.map((block, index) => ({ block, seq: index + 1 }));
  const wildcards = numbered.filter(({ block }) => isWildcard(block.name));
  return numbered
    .filter(({ block }) => !isWildcard(block.name))
    .map(({ block, seq }) => {
      const problems: ConfProblem[] = [];
      const entries = collectEntries(block, seq, wildcards, problems);
      const substitution = new Substitution(entries, block, problems);
      // The implicit name (or jid) is the block's name: not a parameter anyone wrote.
      const parameters = entries
        .filter((entry) => !entry.variable && !entry.immutable)
        .flatMap((entry) => {
          const values = substitution.values(entry);
          return values ? [{ name: entry.name, values, sources: entry.sources }] : [];
        });
      return { name: block.name, block, parameters, problems };
    });
}

/** Names defined by more than one block: jail(8) would act on each in turn. */
export function duplicateDefinitions(jails: readonly ResolvedJail[]): ConfProblem[] {
  const byName = new Map<string, ResolvedJail[]>();
  for (const jail of jails) byName.set(jail.name, [...(byName.get(jail.name) ?? []), jail]);
  return [...byName.values()]
    .filter((group) => group.length > 1)
    .flatMap((group) =>
      group.map((jail) =>
        problemAt(
          jail.block,
          `jail "${jail.name}" is defined more than once (${group.map((j) => `${j.block.file}:${j.block.line}`).join(", ")})`,
        ),
      ),
    );
}
