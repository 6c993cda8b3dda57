import { memo } from "react";
import type { LiveStatus } from "@/app/_live/use-live-processes";

const LOOK: Record<LiveStatus, { text: string; dot: string }> = {
  live: { text: "Live", dot: "bg-emerald-500" },
  paused: { text: "Paused", dot: "bg-amber-500" },
  connecting: { text: "Connecting…", dot: "bg-slate-400 animate-pulse" },
  "agent-offline": { text: "Agent offline", dot: "bg-red-500" },
  disconnected: { text: "Disconnected", dot: "bg-red-500" },
};

/** The live feed's state in words, with the reason when it is not live; as wide for "Live" as for "Connecting…", so the toolbar does not rewrap (and move the tree) once live. */
function LiveBadgeView({ status, message }: { status: LiveStatus; message: string | null }) {
  const look = LOOK[status];
  const trouble = status === "agent-offline" || status === "disconnected";
  return (
    <span
      role="status"
      aria-label={`Live updates: ${look.text}${message ? `. ${message}` : ""}`}
      className={`inline-flex min-w-28 items-center gap-2 rounded-md px-2 py-1 text-xs font-medium ${
        trouble
          ? "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200"
          : "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200"
      }`}
    >
      <span className={`h-2 w-2 rounded-full ${look.dot}`} aria-hidden="true" />
      {look.text}
      {message && <span className="font-normal">— {message}</span>}
    </span>
  );
}

export const LiveBadge = memo(LiveBadgeView);
