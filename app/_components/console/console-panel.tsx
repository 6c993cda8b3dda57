"use client";

import { useRef, useState } from "react";
import type { ConsoleStatus, ConsoleViewer } from "./console-connection";
import { ConsoleTerminal, type ConsoleStart, type TerminalHandle } from "./console-terminal";

const button =
  "rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800 disabled:opacity-50";

const over = (s: ConsoleStatus) => !["connecting", "connected", "reconnecting"].includes(s.state);

function statusLine(s: ConsoleStatus): string {
  switch (s.state) {
    case "connecting":
      return "Connecting…";
    case "connected":
      return s.mode === "watch" ? "Connected — watching read-only" : "Connected";
    case "reconnecting":
      return "Reconnecting…";
    case "jail-stopped":
      return `Jail stopped — ${s.message}`;
    case "jail-restarted":
      return `Jail restarted — ${s.message}`;
    case "agent-restarted":
      return `Agent restarted — ${s.message}`;
    case "failed":
    case "revoked":
      return s.message;
    default:
      return `Session ended — ${s.message}`;
  }
}

function Viewers({ viewers }: { viewers: ConsoleViewer[] }) {
  if (viewers.length === 0) return null;
  const names = viewers.map((v) => `${v.username} (${v.mode === "watch" ? "watching" : "typing"})`);
  return (
    <p className="text-xs text-slate-500" aria-label="Attached">
      Attached: {names.join(", ")}
    </p>
  );
}

interface Props {
  jail: string;
  start: ConsoleStart;
  /** Fill the remaining height (the full-window route) instead of a fixed 28 rows' box. */
  fill?: boolean;
  fullWindowHref?: string;
}

/** A terminal with its state line, who is attached, copy/paste, and a way back after it ended. */
export function ConsolePanel({ jail, start: initial, fill = false, fullWindowHref }: Props) {
  const [start, setStart] = useState<ConsoleStart & { generation?: number }>(initial);
  const [status, setStatus] = useState<ConsoleStatus>({ state: "connecting" });
  const [viewers, setViewers] = useState<ConsoleViewer[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const handle = useRef<TerminalHandle | null>(null);
  const restart = () => {
    setNotice(null);
    setViewers([]);
    setStart({ kind: "open", generation: Date.now() });
  };
  return (
    <div className={`flex flex-col gap-2 ${fill ? "min-h-0 flex-1" : ""}`}>
      <div className="flex flex-wrap items-center gap-2">
        <p role="status" aria-label="Console state" className="text-sm font-medium">
          {statusLine(status)}
        </p>
        <div className="ml-auto flex gap-2">
          <button type="button" className={button} onClick={() => void handle.current?.copy()} title="Ctrl+Shift+C">
            Copy
          </button>
          <button type="button" className={button} onClick={() => void handle.current?.paste()} title="Ctrl+Shift+V">
            Paste
          </button>
          {over(status) && (
            <button type="button" className={button} onClick={restart}>
              New session
            </button>
          )}
          {fullWindowHref && (
            <a className={button} href={fullWindowHref}>
              Full window
            </a>
          )}
        </div>
      </div>
      <Viewers viewers={viewers} />
      {notice && (
        <p role="alert" className="text-xs text-amber-700 dark:text-amber-400">
          {notice}
        </p>
      )}
      <ConsoleTerminal
        key={"generation" in start ? start.generation : undefined}
        jail={jail}
        start={start}
        onReady={(h) => (handle.current = h)}
        sink={{ status: setStatus, viewers: setViewers, notice: setNotice }}
        className={`overflow-hidden rounded-lg border border-slate-300 bg-white p-1 dark:border-slate-700 dark:bg-slate-900 ${fill ? "min-h-0 flex-1" : "h-[28rem]"}`}
      />
    </div>
  );
}
