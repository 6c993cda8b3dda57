import type { Metadata } from "next";
import { HostGate } from "@/app/_components/host-bar";
import { ConsoleJails } from "./console-jails";
import { RecentSessions } from "./recent-sessions";

export const metadata: Metadata = { title: "Console" };

/** One host's consoles (`?host=NAME`, this machine without one): its jails and the sessions opened there lately. */
export default function ConsolePage() {
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Console</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        A shell inside a running jail, in the browser. Sessions survive reloads, can be watched by colleagues, and are recorded.
      </p>
      <HostGate page="/console">
        <ConsoleJails />
        <RecentSessions />
      </HostGate>
    </section>
  );
}
