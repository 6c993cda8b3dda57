/**
 * jail.conf(5)'s grammar (jail(8)'s jailparse.y plus `.include`): a file is a series of jail
 * blocks `NAME { … }`, parameters outside any block (they belong to the wildcard pseudo-jail
 * "*"), and `.include "PATTERN";` lines. A parameter is `name;`, `name = v, …;`,
 * `name += v, …;` or `name v, …;`; a name starting with "$" defines a variable. A syntax
 * error is reported with its file and line and parsing goes on after the next ";" or "}".
 */
import { literalText, tokenize, type ConfProblem, type Piece, type Token } from "./jail-conf-lexer";

export interface ConfStatement {
  name: string;
  variable: boolean;
  /** "flag" is a valueless statement: `persist;` or `allow.nomount;`. */
  op: "set" | "append" | "flag";
  values: Piece[][];
  file: string;
  line: number;
  /** Offsets of the statement (through its ";") and of its value list, for in-place edits. */
  start: number;
  end: number;
  valueStart: number | null;
  valueEnd: number | null;
}

export interface ConfBlock {
  name: string;
  /** True for parameters written outside any block. */
  global: boolean;
  file: string;
  line: number;
  start: number;
  /** Offset of the closing brace (for appending a statement), or the last statement's end. */
  bodyEnd: number;
  statements: ConfStatement[];
}

export interface ConfInclude {
  pattern: string;
  file: string;
  line: number;
}

export type ConfItem = { kind: "block"; block: ConfBlock } | { kind: "include"; include: ConfInclude };

export interface ParsedConfFile {
  file: string;
  text: string;
  items: ConfItem[];
  problems: ConfProblem[];
}

class TokenStream {
  i = 0;
  constructor(
    readonly tokens: Token[],
    readonly file: string,
    readonly problems: ConfProblem[],
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  isPunct(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === "punct" && token.text === text;
  }

  fail(message: string, token = this.peek() ?? this.tokens.at(-1)): never {
    throw new SyntaxProblem({ file: this.file, line: token?.line ?? 1, message });
  }

  /** After an error: skip past the next ";" (or stop before a "}" that closes the block). */
  recover(): void {
    while (this.i < this.tokens.length && !this.isPunct(";") && !this.isPunct("}")) this.i++;
    if (this.isPunct(";")) this.i++;
  }
}

class SyntaxProblem extends Error {
  constructor(readonly problem: ConfProblem) {
    super(problem.message);
  }
}

function readValues(ts: TokenStream): Piece[][] {
  const values: Piece[][] = [];
  for (;;) {
    const token = ts.peek();
    if (token?.kind !== "string") ts.fail("expected a value");
    values.push(token.pieces);
    ts.i++;
    if (!ts.isPunct(",")) return values;
    ts.i++;
  }
}

function readStatement(ts: TokenStream): ConfStatement {
  const nameToken = ts.peek();
  if (nameToken?.kind !== "string") ts.fail("expected a parameter name");
  const [first] = nameToken.pieces;
  const variable = nameToken.pieces.length === 1 && first?.kind === "var";
  const name = variable ? first.name : literalText(nameToken);
  if (name === null || name === "") ts.fail("a parameter name cannot contain a variable", nameToken);
  ts.i++;
  let op: ConfStatement["op"] = "flag";
  if (ts.isPunct("=") || ts.isPunct("+=")) {
    op = ts.isPunct("+=") ? "append" : "set";
    ts.i++;
  } else if (ts.peek()?.kind === "string") op = "set";
  const valueStart = op === "flag" ? null : (ts.peek()?.start ?? null);
  const values = op === "flag" ? [] : readValues(ts);
  const valueEnd = op === "flag" ? null : (ts.tokens[ts.i - 1]?.end ?? null);
  if (!ts.isPunct(";")) ts.fail(`missing ";" after ${variable ? "$" : ""}${name}`);
  const end = ts.peek()!.end;
  ts.i++;
  return { name, variable, op, values, file: ts.file, line: nameToken.line, start: nameToken.start, end, valueStart, valueEnd };
}

function readBlock(ts: TokenStream, name: string): ConfBlock {
  const nameToken = ts.peek()!;
  ts.i += 2;
  const block: ConfBlock = { name, global: false, file: ts.file, line: nameToken.line, start: nameToken.start, bodyEnd: 0, statements: [] };
  while (!ts.isPunct("}")) {
    if (ts.i >= ts.tokens.length) ts.fail(`jail ${name} has no closing "}"`, nameToken);
    if (ts.isPunct(";")) {
      ts.i++;
      continue;
    }
    if (ts.isPunct("{", 1)) ts.fail("jail definitions cannot be nested");
    try {
      block.statements.push(readStatement(ts));
    } catch (error) {
      if (!(error instanceof SyntaxProblem)) throw error;
      ts.problems.push(error.problem);
      ts.recover();
    }
  }
  block.bodyEnd = ts.peek()!.start;
  ts.i++;
  return block;
}

function readInclude(ts: TokenStream): ConfInclude {
  const directive = ts.peek()!;
  ts.i++;
  const pattern = literalText(ts.peek());
  if (pattern === null) ts.fail(".include takes a file name without variables");
  ts.i++;
  if (!ts.isPunct(";")) ts.fail('missing ";" after .include');
  ts.i++;
  return { pattern, file: ts.file, line: directive.line };
}

function globalStatement(items: ConfItem[], statement: ConfStatement): void {
  const last = items.at(-1);
  if (last?.kind === "block" && last.block.global) {
    last.block.statements.push(statement);
    last.block.bodyEnd = statement.end;
    return;
  }
  const block: ConfBlock = {
    name: "*",
    global: true,
    file: statement.file,
    line: statement.line,
    start: statement.start,
    bodyEnd: statement.end,
    statements: [statement],
  };
  items.push({ kind: "block", block });
}

function readItem(ts: TokenStream, items: ConfItem[]): void {
  const token = ts.peek()!;
  if (ts.isPunct(";")) ts.i++;
  else if (token.kind === "string" && literalText(token) === ".include") items.push({ kind: "include", include: readInclude(ts) });
  else if (token.kind === "string" && ts.isPunct("{", 1)) {
    const name = literalText(token);
    if (!name) ts.fail("a jail name cannot contain a variable");
    items.push({ kind: "block", block: readBlock(ts, name) });
  } else if (token.kind === "punct") ts.fail(`unexpected "${token.text}"`);
  else globalStatement(items, readStatement(ts));
}

export function parseConfFile(text: string, file: string): ParsedConfFile {
  const { tokens, problems } = tokenize(text, file);
  const ts = new TokenStream(tokens, file, problems);
  const items: ConfItem[] = [];
  while (ts.i < tokens.length) {
    try {
      readItem(ts, items);
    } catch (error) {
      if (!(error instanceof SyntaxProblem)) throw error;
      problems.push(error.problem);
      ts.recover();
      if (ts.isPunct("}")) ts.i++;
    }
  }
  return { file, text, items, problems };
}
