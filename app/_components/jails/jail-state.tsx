import type { Jail, JailState } from "@/server/agent/protocol";

const TONE: Record<JailState, string> = {
  running: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  stopped: "bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  starting: "bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-200",
  stopping: "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-200",
  dying: "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-200",
  unknown: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
};

export function JailStateBadge({ state }: { state: JailState }) {
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${TONE[state]}`}>{state}</span>;
}

/** "unmanaged" for a container Stockade found but leaves alone, "adopted" for one it manages but did not create. */
export function AdoptionBadge({ jail }: { jail: Pick<Jail, "adopted" | "unmanaged"> }) {
  if (!jail.adopted) return null;
  return <span className="rounded bg-slate-200 px-1.5 py-0.5 text-xs dark:bg-slate-800">{jail.unmanaged ? "unmanaged" : "adopted"}</span>;
}
