/**
 * Changes parameters of a jail in the file that defines it, touching nothing else: each
 * statement is replaced where it stands, a new one goes before the block's closing brace,
 * and every other byte (comments, order, other jails) is kept. Where that cannot give the
 * jail the value asked for — a value built with `+=`, or a wildcard after the block that
 * overrides it — the edit is refused with the reason, and nothing is written.
 */
import { formatStatement, type ConfValue } from "./jail-conf";
import { loadJailConf, type ConfReader } from "./jail-conf-load";
import { effectiveParameters, toConfValue } from "./jail-conf-parse";
import { isWildcard, resolveJails, sameParameter, wildcardMatches, type ConfSource } from "./jail-conf-resolve";
import type { ConfBlock } from "./jail-conf-syntax";

export type InPlaceEdit = { ok: true; file: string; before: string; after: string } | { ok: false; reason: string };

interface Splice {
  start: number;
  end: number;
  text: string;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** Before the closing brace: on its own line when the brace starts one, with the block's indentation. */
function insertion(text: string, block: ConfBlock, statement: string): Splice {
  const at = block.bodyEnd;
  const braceLine = lineStart(text, at);
  const first = block.statements[0];
  const indent = first ? text.slice(lineStart(text, first.start), first.start).replace(/\S/g, " ") : "    ";
  if (text.slice(braceLine, at).trim() === "") return { start: braceLine, end: braceLine, text: `${indent}${statement}\n` };
  return { start: at, end: at, text: ` ${statement} ` };
}

function spliceFor(text: string, blocks: readonly ConfBlock[], block: ConfBlock, key: string, value: ConfValue): Splice | string {
  const own = block.statements.filter((statement) => sameParameter(statement.name, key));
  const where = (lines: number[]) => `${block.file} line${lines.length > 1 ? "s" : ""} ${lines.join(", ")}`;
  if (own.length > 1 || own.some((statement) => statement.op === "append")) {
    return `${key} is built from several statements (${where(own.map((s) => s.line))})`;
  }
  const later = blocks.slice(blocks.indexOf(block) + 1).filter((b) => isWildcard(b.name) && wildcardMatches(block.name, b.name));
  const override = later.flatMap((b) => b.statements).find((statement) => sameParameter(statement.name, key));
  if (override) return `${key} is set for every jail after this one (${override.file} line ${override.line}), which would override it`;
  const statement = formatStatement(key, value);
  if (statement === null) return `${key} cannot be emptied in place`;
  const [existing] = own;
  return existing ? { start: existing.start, end: existing.end, text: statement } : insertion(text, block, statement);
}

/** From the end backwards, so offsets stay valid; insertions at one point keep their order. */
function apply(text: string, splices: Splice[]): string {
  const ordered = splices.map((s, index) => ({ ...s, index })).sort((a, b) => b.start - a.start || b.index - a.index);
  return ordered.reduce((out, s) => out.slice(0, s.start) + s.text + out.slice(s.end), text);
}

/** Reads the configuration again from the edited text: the jail has the new values, every other jail is as it was. */
async function verify(reader: ConfReader, root: string, file: string, after: string, name: string, changes: Record<string, ConfValue>) {
  const edited: ConfReader = { listDir: (dir) => reader.listDir(dir), readFile: async (f) => (f === file ? after : reader.readFile(f)) };
  const [old, fresh] = await Promise.all([loadJailConf(reader, root), loadJailConf(edited, root)]);
  const params = (blocks: ConfBlock[]) => new Map(resolveJails(blocks).map((j) => [j.name, effectiveParameters(j).parameters]));
  const [before, now] = [params(old.blocks), params(fresh.blocks)];
  if (fresh.problems.length > old.problems.length) return false;
  for (const [jail, parameters] of before) {
    const expected = { ...parameters };
    if (jail === name) {
      for (const [key, value] of Object.entries(changes)) {
        const [normal, read] = toConfValue(key, Array.isArray(value) ? [...value] : [String(value)]);
        for (const other of Object.keys(expected)) if (sameParameter(other, key)) delete expected[other];
        expected[normal] = read;
      }
    }
    if (JSON.stringify(Object.entries(expected).sort()) !== JSON.stringify(Object.entries(now.get(jail) ?? {}).sort())) return false;
  }
  return true;
}

/** The edit of `changes` into the block at `definedIn` of the configuration rooted at `root`. */
export async function editJailInPlace(
  reader: ConfReader,
  root: string,
  definedIn: ConfSource,
  changes: Record<string, ConfValue>,
): Promise<InPlaceEdit> {
  const loaded = await loadJailConf(reader, root);
  const block = loaded.blocks.find((b) => b.file === definedIn.file && b.line === definedIn.line);
  const text = loaded.files.find((f) => f.file === definedIn.file)?.text;
  if (!block || text === undefined) return { ok: false, reason: `${definedIn.file} no longer defines the jail at line ${definedIn.line}` };
  const splices: Splice[] = [];
  for (const [key, value] of Object.entries(changes)) {
    const splice = spliceFor(text, loaded.blocks, block, key, value);
    if (typeof splice === "string") return { ok: false, reason: splice };
    splices.push(splice);
  }
  const after = apply(text, splices);
  if (!(await verify(reader, root, definedIn.file, after, block.name, changes))) {
    return {
      ok: false,
      reason: `editing ${definedIn.file} in place would change more than ${block.name}'s ${Object.keys(changes).join(", ")}`,
    };
  }
  return { ok: true, file: definedIn.file, before: text, after };
}
