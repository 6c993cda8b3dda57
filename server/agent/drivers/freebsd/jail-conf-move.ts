/**
 * Cuts one jail's block, with the comment lines right above it, out of the file that defines
 * it, and writes it as a configuration of its own: the global defaults and wildcard blocks
 * it inherits are copied in their order around it, verbatim (variables included), so jail(8)
 * reads the same parameters from the new file alone. Verified by reading both back: the moved
 * jail keeps every parameter, every other jail of the old configuration is unchanged.
 */
import { loadJailConf, type ConfReader } from "./jail-conf-load";
import { effectiveParameters } from "./jail-conf-parse";
import { isWildcard, resolveJails, wildcardMatches, type ConfSource } from "./jail-conf-resolve";
import type { ConfBlock } from "./jail-conf-syntax";

export type Move =
  | { ok: true; source: { file: string; before: string; after: string }; target: { file: string; content: string } }
  | { ok: false; reason: string };

const COMMENT_LINE = /^\s*(#|\/\/|\/\*|\*)|\*\/\s*$/;

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** From the first comment line directly above the block to the end of its closing brace's line. */
function blockRange(text: string, block: ConfBlock): { start: number; end: number } {
  let start = lineStart(text, block.start);
  while (start > 0) {
    const previous = lineStart(text, start - 1);
    if (!COMMENT_LINE.test(text.slice(previous, start - 1))) break;
    start = previous;
  }
  const newline = text.indexOf("\n", block.bodyEnd);
  return { start, end: newline === -1 ? text.length : newline + 1 };
}

/** The cut text, without leaving two blank lines where the block was. */
function cut(text: string, range: { start: number; end: number }): string {
  const before = text.slice(0, range.start);
  let after = text.slice(range.end);
  if ((before === "" || before.endsWith("\n\n")) && after.startsWith("\n")) after = after.slice(1);
  return before + after;
}

const withNewline = (text: string) => (text.endsWith("\n") ? text : `${text}\n`);

/** A wildcard or global block's own text: braces included, statements only for globals. */
function blockText(texts: Map<string, string>, block: ConfBlock): string {
  const text = texts.get(block.file) ?? "";
  return withNewline(block.global ? text.slice(block.start, block.bodyEnd) : text.slice(block.start, text.indexOf("}", block.bodyEnd) + 1));
}

function movedFile(name: string, root: string, blocks: readonly ConfBlock[], block: ConfBlock, texts: Map<string, string>, own: string) {
  const applies = (b: ConfBlock) => isWildcard(b.name) && wildcardMatches(name, b.name);
  const index = blocks.indexOf(block);
  const before = blocks
    .slice(0, index)
    .filter(applies)
    .map((b) => blockText(texts, b));
  const after = blocks
    .slice(index + 1)
    .filter(applies)
    .map((b) => blockText(texts, b));
  const header = [`# ${name}, moved here by Stockade from ${block.file}.`];
  if (before.length + after.length > 0) header.push(`# With the defaults of ${root} it relies on, so this file stands on its own.`);
  const defaults = [...header, ...before].map(withNewline).join("");
  return `${defaults}\n${own}${after.length ? `\n${after.map(withNewline).join("")}` : ""}`;
}

type Params = Map<string, string>;
const paramsOf = (blocks: ConfBlock[]): Params =>
  new Map(resolveJails(blocks).map((jail) => [jail.name, JSON.stringify(Object.entries(effectiveParameters(jail).parameters).sort())]));

async function verify(
  reader: ConfReader,
  root: string,
  name: string,
  source: { file: string; after: string },
  target: { file: string; content: string },
) {
  const edited: ConfReader = {
    listDir: (dir) => reader.listDir(dir),
    readFile: async (f) => (f === source.file ? source.after : f === target.file ? target.content : reader.readFile(f)),
  };
  const [old, rest, alone] = await Promise.all([loadJailConf(reader, root), loadJailConf(edited, root), loadJailConf(edited, target.file)]);
  const [before, after, moved] = [paramsOf(old.blocks), paramsOf(rest.blocks), paramsOf(alone.blocks)];
  if (alone.problems.length > 0 || rest.problems.length > old.problems.length || moved.size !== 1) return false;
  // Where the old configuration includes the new file (a jail.conf.d/*.conf glob), the jail stays in it, unchanged.
  if (moved.get(name) !== before.get(name) || (after.has(name) && after.get(name) !== before.get(name))) return false;
  return [...before].every(([jail, parameters]) => jail === name || after.get(jail) === parameters);
}

export async function moveJailToOwnFile(reader: ConfReader, root: string, definedIn: ConfSource, target: string): Promise<Move> {
  const loaded = await loadJailConf(reader, root);
  const block = loaded.blocks.find((b) => b.file === definedIn.file && b.line === definedIn.line);
  const texts = new Map(loaded.files.map((f) => [f.file, f.text]));
  const text = texts.get(definedIn.file);
  if (!block || text === undefined) return { ok: false, reason: `${definedIn.file} no longer defines the jail at line ${definedIn.line}` };
  if (loaded.files.some((f) => f.file === target)) return { ok: false, reason: `${root} already includes ${target}` };
  const range = blockRange(text, block);
  const source = { file: definedIn.file, before: text, after: cut(text, range) };
  const moved = { file: target, content: movedFile(block.name, root, loaded.blocks, block, texts, text.slice(range.start, range.end)) };
  if (!(await verify(reader, root, block.name, source, moved))) {
    return { ok: false, reason: `moving ${block.name} out of ${definedIn.file} would change its parameters or another jail's` };
  }
  return { ok: true, source, target: moved };
}
