"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { buttonClass, Dialog } from "@/app/_components/dialog";
import { FormError } from "@/app/_components/forms/form-error";
import { useTRPC } from "@/app/_trpc/client";
import { useHostInput } from "@/app/_lib/use-host";
import type { ProcessInfo } from "@/server/agent/protocol";
import { PROCESS_SIGNALS, type ProcessSignal } from "@/server/agent/protocol/signal-names";
import { useJailPermissions } from "./use-jail-permissions";

const MEANING: Record<ProcessSignal, string> = {
  TERM: "asks it to exit",
  INT: "interrupts it, like Ctrl-C",
  HUP: "hangs up; many daemons reload their configuration",
  KILL: "ends it at once, with no chance to clean up",
};

const where = (process: ProcessInfo) => (process.jail === null ? "on the host" : `in jail ${process.jail}`);

/** Sends TERM, INT, HUP or KILL to one process of the page's host after a confirmation that names it and its jail. */
export function SignalProcess({ process }: { process: ProcessInfo }) {
  const trpc = useTRPC();
  const { host } = useHostInput();
  const { onJail, onHost } = useJailPermissions();
  const [signal, setSignal] = useState<ProcessSignal>("TERM");
  const [confirming, setConfirming] = useState(false);
  const send = useMutation(trpc.processes.signal.mutationOptions({ onSuccess: () => setConfirming(false) }));
  const allowed = process.jail === null ? onHost("processes.signal") : onJail(process.jail, "processes.signal");
  if (!allowed) return null;
  const label = `process ${process.pid} (${process.command}) ${where(process)}`;
  return (
    <div className="mt-3 flex flex-col gap-2 border-t border-slate-200 pt-3 dark:border-slate-800">
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-2 text-sm">
          Signal
          <select
            value={signal}
            onChange={(event) => setSignal(event.target.value as ProcessSignal)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
          >
            {PROCESS_SIGNALS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className={buttonClass.plain}
          onClick={() => {
            send.reset();
            setConfirming(true);
          }}
        >
          Send…
        </button>
      </div>
      {send.isSuccess && !confirming && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {send.data.signal} sent to process {send.data.pid}.
        </p>
      )}
      <Dialog title={`Send ${signal} to process ${process.pid}`} open={confirming} onClose={() => setConfirming(false)}>
        <p className="text-sm">
          Send <strong>{signal}</strong> to {label}? {signal} {MEANING[signal]}.
        </p>
        <code className="break-words font-mono text-xs">{process.args || process.command}</code>
        <FormError error={send.error} />
        <div className="flex justify-end gap-2">
          <button type="button" className={buttonClass.plain} onClick={() => setConfirming(false)}>
            Cancel
          </button>
          <button
            type="button"
            autoFocus
            disabled={send.isPending}
            className={signal === "KILL" ? buttonClass.danger : buttonClass.primary}
            onClick={() => send.mutate({ host, pid: process.pid, jail: process.jail, startedAt: process.startedAt, signal })}
          >
            {send.isPending ? "Sending…" : `Send ${signal}`}
          </button>
        </div>
      </Dialog>
    </div>
  );
}
