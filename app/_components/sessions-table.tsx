"use client";

import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type SessionRow = inferRouterOutputs<AppRouter>["session"]["sessions"][number];

const when = (date: Date) => new Date(date).toLocaleString();

/** Sign-in sessions with an End button each; used for one's own (Account) and by admins (Team). */
export function SessionsTable({ sessions, onEnd, pending }: { sessions: SessionRow[]; onEnd: (id: string) => void; pending: boolean }) {
  if (sessions.length === 0) return <p className="text-sm text-slate-500">No open sessions.</p>;
  return (
    <table className="w-full max-w-4xl text-left text-sm" aria-label="Sessions">
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="py-1">Device</th>
          <th>Address</th>
          <th>Signed in</th>
          <th>Last seen</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {sessions.map((session) => (
          <tr key={session.id} className="border-t border-slate-200 dark:border-slate-800">
            <td className="max-w-xs truncate py-1" title={session.userAgent ?? ""}>
              {session.userAgent ?? "unknown device"}
              {session.current && <span className="ml-2 rounded bg-emerald-100 px-1 text-xs dark:bg-emerald-900">this session</span>}
            </td>
            <td className="font-mono">{session.ipAddress ?? "—"}</td>
            <td>{when(session.createdAt)}</td>
            <td>{when(session.lastSeenAt)}</td>
            <td>
              <button
                type="button"
                disabled={pending}
                onClick={() => onEnd(session.id)}
                className="rounded-md border border-slate-300 px-2 py-0.5 text-xs dark:border-slate-700"
              >
                {session.current ? "End (sign out)" : "End session"}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
