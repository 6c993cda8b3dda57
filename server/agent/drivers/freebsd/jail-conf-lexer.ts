/**
 * jail.conf(5)'s lexer, as jail(8)'s jaillex.l reads it: unquoted tokens, '…' (no variable
 * expansion) and "…" (with $var and ${var}), C-style backslash escapes, the three comment
 * styles, and the punctuation { } ; = , +=. Adjacent pieces with no whitespace between them
 * are one string ("/var/jail/"$name). Offsets are kept so a statement can be edited in place.
 */

export type Piece = { kind: "text"; text: string } | { kind: "var"; name: string };

export type Punct = "{" | "}" | ";" | "=" | "," | "+=";

interface Span {
  line: number;
  /** Offsets into the file's text: [start, end). */
  start: number;
  end: number;
}

export type Token = ({ kind: "punct"; text: Punct } | { kind: "string"; pieces: Piece[]; quoted: boolean }) & Span;

export interface ConfProblem {
  file: string;
  line: number;
  message: string;
}

const ATOM = /[A-Za-z0-9_!%&()\-.:<>?@[\]^`|~]/;
const SIMPLE_ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };

class Scanner {
  i = 0;
  line = 1;
  readonly tokens: Token[] = [];
  readonly problems: ConfProblem[] = [];
  /** True while the previous token was a string piece with nothing between: the next piece joins it. */
  private joining = false;

  constructor(
    readonly text: string,
    readonly file: string,
  ) {}

  peek(offset = 0): string {
    return this.text[this.i + offset] ?? "";
  }

  advance(count = 1): string {
    const taken = this.text.slice(this.i, this.i + count);
    for (const ch of taken) if (ch === "\n") this.line++;
    this.i += count;
    return taken;
  }

  problem(message: string, line = this.line): void {
    this.problems.push({ file: this.file, line, message });
  }

  separate(): void {
    this.joining = false;
  }

  punct(text: Punct): void {
    const line = this.line;
    const start = this.i;
    this.advance(text.length);
    this.tokens.push({ kind: "punct", text, line, start, end: this.i });
    this.joining = false;
  }

  /** Adds pieces to the current string token, or starts one. */
  pieces(pieces: Piece[], start: number, line: number, quoted: boolean): void {
    const last = this.tokens.at(-1);
    if (this.joining && last?.kind === "string") {
      last.pieces.push(...pieces);
      last.end = this.i;
      last.quoted ||= quoted;
    } else this.tokens.push({ kind: "string", pieces, quoted, line, start, end: this.i });
    this.joining = true;
  }
}

/** One backslash escape starting after the backslash; returns the text it stands for. */
function readEscape(s: Scanner): string {
  const ch = s.advance();
  if (/[0-7]/.test(ch)) {
    let digits = ch;
    while (digits.length < 3 && /[0-7]/.test(s.peek())) digits += s.advance();
    return String.fromCharCode(parseInt(digits, 8));
  }
  if (ch === "x") {
    let digits = "";
    while (digits.length < 2 && /[0-9A-Fa-f]/.test(s.peek())) digits += s.advance();
    return String.fromCharCode(digits ? parseInt(digits, 16) : 0);
  }
  if (ch === "\n") return "";
  return SIMPLE_ESCAPES[ch] ?? ch;
}

/** $name or ${name}; the scanner stands on the "$". Returns null for a lone "$". */
function readVariable(s: Scanner, inDoubleQuotes: boolean): Piece | null {
  if (s.peek(1) === "{") {
    const close = s.text.indexOf("}", s.i);
    const body = close < 0 ? "" : s.text.slice(s.i + 2, close);
    if (close < 0 || body.includes("\n") || (inDoubleQuotes && body.includes('"'))) {
      s.problem("unterminated variable");
      s.advance(s.text.length - s.i);
      return null;
    }
    s.advance(close + 1 - s.i);
    return { kind: "var", name: body };
  }
  const name = /^[A-Za-z_][A-Za-z_0-9]*/.exec(s.text.slice(s.i + 1))?.[0];
  if (!name) return null;
  s.advance(1 + name.length);
  return { kind: "var", name };
}

function readQuoted(s: Scanner, quote: "'" | '"'): void {
  const start = s.i;
  const line = s.line;
  s.advance();
  const pieces: Piece[] = [];
  let text = "";
  while (s.i < s.text.length && s.peek() !== quote) {
    const ch = s.peek();
    if (ch === "\\") {
      s.advance();
      text += readEscape(s);
    } else if (ch === "$" && quote === '"') {
      const variable = readVariable(s, true);
      if (variable) {
        if (text) pieces.push({ kind: "text", text });
        pieces.push(variable);
        text = "";
      } else text += s.advance();
    } else text += s.advance();
  }
  if (s.peek() !== quote) {
    s.problem("unterminated string", line);
    s.advance(s.text.length - s.i);
    return;
  }
  s.advance();
  if (text || pieces.length === 0) pieces.push({ kind: "text", text });
  s.pieces(pieces, start, line, true);
}

function skipComment(s: Scanner): boolean {
  const two = s.peek() + s.peek(1);
  if (s.peek() === "#" || two === "//") {
    const newline = s.text.indexOf("\n", s.i);
    s.advance((newline < 0 ? s.text.length : newline) - s.i);
    return true;
  }
  if (two !== "/*") return false;
  const close = s.text.indexOf("*/", s.i + 2);
  if (close < 0) {
    s.problem("unterminated comment");
    s.advance(s.text.length - s.i);
  } else s.advance(close + 2 - s.i);
  return true;
}

function readUnquoted(s: Scanner): void {
  const start = s.i;
  const line = s.line;
  const ch = s.peek();
  if (ch === "$") {
    const variable = readVariable(s, false);
    s.pieces(variable ? [variable] : [{ kind: "text", text: s.advance() }], start, line, false);
  } else if (ch === "\\") {
    s.advance();
    s.pieces([{ kind: "text", text: readEscape(s) }], start, line, false);
  } else if (ATOM.test(ch)) {
    let text = "";
    while (ATOM.test(s.peek())) text += s.advance();
    s.pieces([{ kind: "text", text }], start, line, false);
  } else if ("*+/".includes(ch)) {
    s.pieces([{ kind: "text", text: s.advance() }], start, line, false);
  } else {
    s.problem(`unexpected character ${JSON.stringify(ch)}`);
    s.advance();
    s.separate();
  }
}

export function tokenize(text: string, file: string): { tokens: Token[]; problems: ConfProblem[] } {
  const s = new Scanner(text, file);
  while (s.i < text.length) {
    const ch = s.peek();
    if (/\s/.test(ch)) {
      s.advance();
      s.separate();
    } else if (skipComment(s)) s.separate();
    else if (ch === "+" && s.peek(1) === "=") s.punct("+=");
    else if ("{};=,".includes(ch)) s.punct(ch as Punct);
    else if (ch === '"' || ch === "'") readQuoted(s, ch);
    else readUnquoted(s);
  }
  return { tokens: s.tokens, problems: s.problems };
}

/** The literal text of a string token whose pieces hold no variable, else null. */
export function literalText(token: Token | undefined): string | null {
  if (token?.kind !== "string") return null;
  let text = "";
  for (const piece of token.pieces) {
    if (piece.kind === "var") return null;
    text += piece.text;
  }
  return text;
}
