"use client";

import { useEffect, useRef } from "react";
import type { JailEvent } from "@/app/_live/use-jail-events";

export type OutputPhase = "start" | "stop" | "packages";

const TITLE: Record<OutputPhase, string> = { start: "Boot output", stop: "Shutdown output", packages: "Package output" };

/** The jail's init/rc output (or its package tools') as it arrives, scrolled to the newest line. */
export function JailOutput({
  name,
  phase,
  events,
  error,
}: {
  name: string;
  phase: OutputPhase;
  events: JailEvent[];
  error: string | null;
}) {
  const text = events
    .filter((event) => event.type === "jail.output" && event.phase === phase)
    .map((event) => event.data ?? "")
    .join("");
  const end = useRef<HTMLPreElement>(null);
  useEffect(() => {
    end.current?.scrollTo({ top: end.current.scrollHeight });
  }, [text]);
  return (
    <section aria-label={`${TITLE[phase]} of ${name}`} className="flex flex-col gap-1">
      <h3 className="text-xs font-semibold uppercase text-slate-500">{TITLE[phase]}</h3>
      {error && <p className="text-xs text-amber-700 dark:text-amber-300">{error}</p>}
      <pre
        ref={end}
        aria-live="polite"
        className="max-h-64 min-h-10 overflow-auto whitespace-pre-wrap rounded-md bg-slate-950 p-2 font-mono text-xs text-slate-100"
      >
        {text || "Waiting for output…"}
      </pre>
    </section>
  );
}
