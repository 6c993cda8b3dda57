/** What /proc/PID/status adds to stat: the effective uid and the pid in every namespace level. */
export interface StatusFields {
  uid: number;
  /** NSpid: outermost (ours) first, innermost last; a single entry when not namespaced. */
  nspid: number[];
}

export function parseStatus(text: string): StatusFields | null {
  const uids = lineValues(text, "\nUid:");
  if (uids === null) return null;
  const nspid = lineValues(text, "\nNSpid:");
  return { uid: uids[1] ?? uids[0] ?? 0, nspid: nspid ?? [] };
}

function lineValues(text: string, key: string): number[] | null {
  const start = text.indexOf(key);
  if (start < 0) return null;
  const end = text.indexOf("\n", start + key.length);
  const line = text.slice(start + key.length, end < 0 ? undefined : end);
  return line.trim().split(/\s+/).map(Number);
}
