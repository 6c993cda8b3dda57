"use client";

import { useState, useSyncExternalStore } from "react";
import { useJailPermissions } from "@/app/_components/jail-actions/use-jail-permissions";
import { withHost } from "@/app/_lib/host-param";
import { useHost } from "@/app/_lib/use-host";
import { rememberedSession } from "./console-connection";
import { ConsolePanel } from "./console-panel";
import { ConsoleSessionList, useConsoleSessions } from "./console-sessions";
import type { ConsoleStart } from "./console-terminal";

const noSubscription = () => () => {};

/** The console section of a jail's page (on the page's host): its sessions, and a terminal once asked for (or after a reload). */
export function JailConsole({ jail, running }: { jail: string; running: boolean }) {
  const host = useHost();
  // Per jail, not "somewhere": an operator of www1 who views dev1 watches dev1's consoles only.
  const { onJail } = useJailPermissions();
  const { sessions, error } = useConsoleSessions(jail);
  const [chosen, setStart] = useState<(ConsoleStart & { n: number }) | null>(null);
  const canType = onJail(jail, "console.interactive");
  // A reload comes back to the shell this tab had open.
  const remembered = useSyncExternalStore(
    noSubscription,
    () => rememberedSession(host, jail) !== null,
    () => false,
  );
  const start = chosen ?? (canType && remembered ? { kind: "resume" as const, n: 0 } : null);
  if (error && !start) return <p className="text-sm text-slate-500">{error}</p>;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        {canType && (
          <button
            type="button"
            disabled={!running}
            onClick={() => setStart({ kind: "open", n: Date.now() })}
            className="rounded-md bg-sky-700 px-3 py-1.5 text-sm text-white hover:bg-sky-800 disabled:opacity-50"
          >
            Open console
          </button>
        )}
        {!running && <p className="text-sm text-slate-500">The jail is not running: start it to open a console.</p>}
      </div>
      <ConsoleSessionList
        jail={jail}
        sessions={sessions}
        canType={canType}
        canEnd={onJail(jail, "jails.manage")}
        onChoose={(id, mode) => setStart({ kind: "attach", id, mode, n: Date.now() })}
      />
      {start && (
        <ConsolePanel key={start.n} jail={jail} start={start} fullWindowHref={withHost(`/console/${encodeURIComponent(jail)}`, host)} />
      )}
    </div>
  );
}
