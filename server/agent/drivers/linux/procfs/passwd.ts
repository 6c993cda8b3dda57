import fs from "node:fs";
import { isVanished } from "./files";

interface Parsed {
  version: string;
  names: Map<number, string>;
}

/**
 * uid → name from passwd files (the host's, and each jail's through /proc/INIT/root), re-parsed
 * only when the file changes: one stat per file per snapshot instead of a read and a parse.
 */
export class UserNames {
  private readonly files = new Map<string, Parsed>();

  /** The names in `path`; empty when the file is missing (jail stopped, no passwd). */
  load(path: string): Map<number, string> {
    let version: string;
    try {
      const info = fs.statSync(path);
      version = `${info.dev}:${info.ino}:${info.mtimeMs}:${info.size}`;
    } catch (error) {
      if (isVanished(error) || (error as NodeJS.ErrnoException).code === "ENOTDIR") return new Map();
      throw error;
    }
    const cached = this.files.get(path);
    if (cached?.version === version) return cached.names;
    const names = parsePasswd(readOrEmpty(path));
    this.files.set(path, { version, names });
    return names;
  }
}

export function parsePasswd(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split("\n")) {
    const [name, , uid] = line.split(":");
    if (!name || uid === undefined || !/^\d+$/.test(uid)) continue;
    // The first entry wins, as in getpwuid.
    if (!names.has(Number(uid))) names.set(Number(uid), name);
  }
  return names;
}

function readOrEmpty(path: string): string {
  try {
    return fs.readFileSync(path, "utf8");
  } catch (error) {
    if (isVanished(error)) return "";
    throw error;
  }
}
