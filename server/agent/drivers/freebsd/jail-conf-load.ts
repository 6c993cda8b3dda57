/**
 * Reads one jail(8) configuration: a file and, in place of each `.include "PATTERN";`, the
 * files the pattern names (absolute, or relative to the including file's directory; a glob
 * in the last path component matches in sorted order, possibly nothing; a literal file must
 * exist). An include loop or depth past jail(8)'s 32 is reported at the include's line.
 */
import path from "node:path";
import type { ConfProblem } from "./jail-conf-lexer";
import { parseConfFile, type ConfBlock, type ConfInclude, type ParsedConfFile } from "./jail-conf-syntax";

export interface ConfReader {
  readFile(file: string): Promise<string | null>;
  listDir(dir: string): Promise<string[]>;
}

export interface LoadedConf {
  root: string;
  files: ParsedConfFile[];
  /** Every block in the order jail(8) sees them, includes spliced in. */
  blocks: ConfBlock[];
  problems: ConfProblem[];
}

const MAX_INCLUDE_DEPTH = 32;

function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === "*") source += "[^/]*";
    else if (ch === "?") source += "[^/]";
    else if (ch === "[") {
      const close = glob.indexOf("]", i + 2);
      if (close < 0) source += "\\[";
      else {
        const body = glob
          .slice(i + 1, close)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\");
        source += `[${body}]`;
        i = close;
      }
    } else source += ch.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

const hasGlob = (text: string) => /[*?[]/.test(text);

async function expandInclude(reader: ConfReader, include: ConfInclude): Promise<string[] | ConfProblem> {
  const pattern = path.posix.isAbsolute(include.pattern)
    ? include.pattern
    : path.posix.join(path.posix.dirname(include.file), include.pattern);
  const dir = path.posix.dirname(pattern);
  const base = path.posix.basename(pattern);
  const at = { file: include.file, line: include.line };
  if (hasGlob(dir)) return { ...at, message: `.include "${include.pattern}": only the last path component may be a glob` };
  if (!hasGlob(base)) return [pattern];
  const matcher = globToRegExp(base);
  const names = (await reader.listDir(dir)).filter((name) => !name.startsWith(".") && matcher.test(name)).sort();
  return names.map((name) => path.posix.join(dir, name));
}

class Loader {
  readonly files: ParsedConfFile[] = [];
  readonly blocks: ConfBlock[] = [];
  readonly problems: ConfProblem[] = [];

  constructor(private readonly reader: ConfReader) {}

  async load(file: string, stack: string[], includedAt: ConfInclude | null): Promise<void> {
    const at = includedAt ? { file: includedAt.file, line: includedAt.line } : { file, line: 0 };
    if (stack.includes(file)) {
      this.problems.push({ ...at, message: `include loop: ${[...stack, file].join(" → ")}` });
      return;
    }
    if (stack.length >= MAX_INCLUDE_DEPTH) {
      this.problems.push({ ...at, message: `includes nested deeper than ${MAX_INCLUDE_DEPTH}` });
      return;
    }
    const text = await this.reader.readFile(file);
    if (text === null) {
      this.problems.push({ ...at, message: `cannot read ${file}` });
      return;
    }
    const parsed = parseConfFile(text, file);
    this.files.push(parsed);
    this.problems.push(...parsed.problems);
    for (const item of parsed.items) {
      if (item.kind === "block") this.blocks.push(item.block);
      else await this.include(item.include, [...stack, file]);
    }
  }

  private async include(include: ConfInclude, stack: string[]): Promise<void> {
    const expanded = await expandInclude(this.reader, include);
    if (!Array.isArray(expanded)) {
      this.problems.push(expanded);
      return;
    }
    for (const file of expanded) await this.load(file, stack, include);
  }
}

export async function loadJailConf(reader: ConfReader, root: string): Promise<LoadedConf> {
  const loader = new Loader(reader);
  await loader.load(root, [], null);
  return { root, files: loader.files, blocks: loader.blocks, problems: loader.problems };
}
