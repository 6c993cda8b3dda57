"use client";

import { useEffect, useState } from "react";
import { useHost } from "@/app/_lib/use-host";
import { liveSocket } from "@/app/_live/socket";
import type { ConsoleMode, ConsoleViewer } from "./console-connection";

export interface ListedSession {
  id: string;
  cols: number;
  rows: number;
  startedAt: number;
  viewers: ConsoleViewer[];
}

const button = "rounded-md border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";

/** The console sessions of the jail on the page's host, refreshed every few seconds. */
export function useConsoleSessions(jail: string, everyMs = 3000) {
  const host = useHost();
  const [sessions, setSessions] = useState<ListedSession[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const socket = liveSocket();
    let stopped = false;
    const load = async () => {
      const reply = (await socket.emitWithAck("console:list", { host, jail })) as { ok: boolean; data?: ListedSession[]; message?: string };
      if (stopped) return;
      setSessions(reply.ok ? (reply.data ?? []) : []);
      setError(reply.ok ? null : (reply.message ?? "Cannot list consoles"));
    };
    void load();
    const timer = setInterval(() => void load(), everyMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [host, jail, everyMs]);
  return { sessions, error };
}

interface Props {
  jail: string;
  sessions: ListedSession[];
  canType: boolean;
  canEnd: boolean;
  onChoose: (id: string, mode: ConsoleMode) => void;
}

/** Who has a shell open in this jail; attach, watch, or (admins) end one. */
export function ConsoleSessionList({ jail, sessions, canType, canEnd, onChoose }: Props) {
  const host = useHost();
  const [message, setMessage] = useState<string | null>(null);
  if (sessions.length === 0) return <p className="text-sm text-slate-500">No console session is open in this jail.</p>;
  const end = async (id: string) => {
    if (!window.confirm("End this console session for everyone attached to it?")) return;
    const reply = (await liveSocket().emitWithAck("console:end", { host, jail, id })) as { ok: boolean; message?: string };
    setMessage(reply.ok ? "Session ended." : (reply.message ?? "Could not end the session."));
  };
  return (
    <div className="flex flex-col gap-1">
      <ul aria-label="Console sessions" className="flex flex-col gap-1 text-sm">
        {sessions.map((s) => (
          <li key={s.id} aria-label={`Session ${s.id.slice(0, 8)}`} className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-xs">{s.id.slice(0, 8)}</span>
            <span className="text-xs text-slate-500">
              since {new Date(s.startedAt).toLocaleTimeString()} · {s.cols}×{s.rows} ·{" "}
              {s.viewers.length ? s.viewers.map((v) => v.username).join(", ") : "nobody attached"}
            </span>
            {canType && (
              <button type="button" className={button} onClick={() => onChoose(s.id, "interactive")}>
                Attach
              </button>
            )}
            <button type="button" className={button} onClick={() => onChoose(s.id, "watch")}>
              Watch
            </button>
            {canEnd && (
              <button type="button" className={button} onClick={() => void end(s.id)}>
                End
              </button>
            )}
          </li>
        ))}
      </ul>
      {message && (
        <p role="status" className="text-xs">
          {message}
        </p>
      )}
    </div>
  );
}
