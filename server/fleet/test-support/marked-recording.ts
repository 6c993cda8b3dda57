import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** What a remote host's recording says differently from this machine's, so a test can tell whose data it got. */
export const REMOTE_MARKS = {
  /** A host process (outside any jail) only the remote host has, in place of cron. */
  hostCommand: "remotecron",
  /** The arguments of a www1 process only the remote host has. */
  www1Arguments: "nginx: worker process (remote)",
};

/** Puts REMOTE_MARKS into the process table of a copy of the recorded host (its folder, rewritten in place). */
export function markRecordedHost(dir: string): void {
  const ps = path.join(dir, "outputs", "ps.json");
  const text = readFileSync(ps, "utf8")
    .replace(
      '"command":"cron","arguments":"/usr/sbin/cron -s"',
      `"command":"${REMOTE_MARKS.hostCommand}","arguments":"/usr/sbin/${REMOTE_MARKS.hostCommand}"`,
    )
    .replace('"arguments":"nginx: worker process"', `"arguments":"${REMOTE_MARKS.www1Arguments}"`);
  if (!text.includes(REMOTE_MARKS.hostCommand) || !text.includes(REMOTE_MARKS.www1Arguments))
    throw new Error("the recording changed: mark it anew");
  writeFileSync(ps, text);
}
