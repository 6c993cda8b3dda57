/**
 * A conf file Stockade writes carries, in its metadata comment, the sha256 of every other line
 * as written. A read that finds another hash knows the file was edited behind Stockade's back,
 * even while its jail is stopped and jls has nothing to compare with; no file is watched.
 */
import { createHash } from "node:crypto";

export const META_PREFIX = "# stockade:";

const isMetaLine = (line: string) => line.startsWith(META_PREFIX);

/** The hash of the file without its metadata line, which holds the hash itself. */
export function bodyHash(text: string): string {
  const body = text
    .split("\n")
    .filter((line) => !isMetaLine(line))
    .join("\n");
  return createHash("sha256").update(body).digest("hex");
}

/** The file with its metadata line's hash set to what the rest of it is now. */
export function sealConf(text: string): string {
  const sha256 = bodyHash(text);
  return text
    .split("\n")
    .map((line) =>
      isMetaLine(line) ? `${META_PREFIX} ${JSON.stringify({ ...JSON.parse(line.slice(META_PREFIX.length)), sha256 })}` : line,
    )
    .join("\n");
}
