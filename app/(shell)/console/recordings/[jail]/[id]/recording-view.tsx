"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { parseCast } from "@/app/_components/console/cast";
import { CastPlayer } from "@/app/_components/console/cast-player";
import { HostGate } from "@/app/_components/host-bar";
import { HostLink } from "@/app/_components/host-link";
import { QueryState } from "@/app/_components/query-state";
import { useHostInput } from "@/app/_lib/use-host";
import { useTRPC } from "@/app/_trpc/client";

/** A recorded console session of a jail on the page's host (`?host=`), replayed in the browser. */
export function RecordingView({ jail, id }: { jail: string; id: string }) {
  return (
    <section className="flex flex-col gap-3">
      <h1 className="text-2xl font-semibold">Console recording — {jail}</h1>
      <HostGate page="/console">
        <Replay jail={jail} id={id} />
      </HostGate>
    </section>
  );
}

function Replay({ jail, id }: { jail: string; id: string }) {
  const trpc = useTRPC();
  const recording = useQuery(trpc.consoles.recording.queryOptions({ ...useHostInput(), name: jail, id }, { retry: false }));
  const cast = useMemo(() => (recording.data ? parseCast(recording.data.cast) : null), [recording.data]);
  return (
    <>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Session <span className="font-mono">{id.slice(0, 8)}</span>
        {recording.data && (
          <>
            , opened by {recording.data.openedBy} on {recording.data.openedAt.toLocaleString()}
            {recording.data.truncated && " (long recording: only its beginning is replayed)"}
          </>
        )}
        .{" "}
        <HostLink className="text-sky-700 underline dark:text-sky-300" href={`/jails/${encodeURIComponent(jail)}`}>
          Jail {jail}
        </HostLink>
      </p>
      {cast ? <CastPlayer cast={cast} /> : <QueryState query={recording} what="the recording" />}
    </>
  );
}
