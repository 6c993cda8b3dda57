import { AgentError } from "../../protocol";

/**
 * libxo writes control characters inside strings raw (a TAB in a hostname or a command
 * line), which JSON.parse rejects. Escape them inside strings only; structure is untouched.
 */
export function escapeRawControlCharacters(text: string): string {
  let out = "";
  let inString = false;
  let escaped = false;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (inString && !escaped && code < 0x20) {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
      continue;
    }
    out += ch;
    if (escaped) escaped = false;
    else if (inString && ch === "\\") escaped = true;
    else if (ch === '"') inString = !inString;
  }
  return out;
}

/**
 * Parses one libxo JSON document, naming the command in the error a caller sees. JSON.parse
 * on the text as printed comes first: a document it accepts has no raw control character inside
 * a string, so escaping would change nothing, and the character-by-character escape is what a
 * 2,000-row `ps` spent most of its parse on (43 of 46 ms).
 */
export function parseLibxoJson(text: string, command: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return parseEscaped(text, command);
  }
}

function parseEscaped(text: string, command: string): unknown {
  try {
    return JSON.parse(escapeRawControlCharacters(text));
  } catch (error) {
    throw new AgentError("engine_failed", `${command} printed output that is not JSON`, {
      reason: error instanceof Error ? error.message : String(error),
      output: text.slice(0, 2000),
    });
  }
}
