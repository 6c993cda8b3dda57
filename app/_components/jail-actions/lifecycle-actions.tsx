"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { buttonClass } from "@/app/_components/dialog";
import { FormError } from "@/app/_components/forms/form-error";
import { useJailEvents } from "@/app/_live/use-jail-events";
import { useTRPC } from "@/app/_trpc/client";
import { useHostInput } from "@/app/_lib/use-host";
import type { JailState } from "@/server/agent/protocol";
import { DestroyJail } from "./destroy-jail";
import { JailOutput } from "./jail-output";
import { useJailPermissions, useRefreshJails } from "./use-jail-permissions";

type Power = "start" | "stop" | "restart";
const PENDING: Record<Power, string> = { start: "Starting…", stop: "Stopping…", restart: "Restarting…" };
const LABEL: Record<Power, string> = { start: "Start", stop: "Stop", restart: "Restart" };

function powerActions(state: JailState): Power[] {
  if (state === "running") return ["stop", "restart"];
  if (state === "stopped") return ["start"];
  return [];
}

export interface JailLifecycleProps {
  name: string;
  state: JailState;
  /** Small buttons for a table row or panel; the output then opens under the buttons. */
  compact?: boolean;
  /** Where to go once the jail is destroyed (the jail page leaves for the list). */
  onDestroyed?(): void;
}

/**
 * Start, stop, restart and destroy for one jail — only those the caller may do and the
 * jail's state allows. Start and stop stream the jail's boot or shutdown output.
 */
export function JailLifecycle({ name, state, compact = false, onDestroyed }: JailLifecycleProps) {
  const trpc = useTRPC();
  const { host } = useHostInput();
  const refresh = useRefreshJails();
  const { onJail } = useJailPermissions();
  const [watching, setWatching] = useState<Power | null>(null);
  const feed = useJailEvents(name);
  const options = { onSettled: refresh };
  const start = useMutation(trpc.jails.start.mutationOptions(options));
  const stop = useMutation(trpc.jails.stop.mutationOptions(options));
  const restart = useMutation(trpc.jails.restart.mutationOptions(options));
  const mutations = { start, stop, restart };
  const pending = (Object.keys(mutations) as Power[]).find((action) => mutations[action].isPending) ?? null;
  const failed = [start, stop, restart].find((m) => m.isError)?.error ?? null;
  const run = async (action: Power) => {
    for (const m of Object.values(mutations)) m.reset();
    setWatching(action);
    // Subscribed before the action starts, so the first line of output is not missed.
    await feed.follow();
    mutations[action].mutate({ host, name });
  };
  const canPower = onJail(name, "jails.power");
  const canManage = onJail(name, "jails.manage");
  if (!canPower && !canManage) return null;
  return (
    <div className="flex flex-col gap-2">
      {/* Compact buttons stay on one line: stacked, they make every table row three lines tall. */}
      <div
        role="group"
        aria-label={`Actions for ${name}`}
        className={`flex items-center ${compact ? "flex-nowrap gap-1.5" : "flex-wrap gap-2"}`}
      >
        {canPower &&
          powerActions(state).map((action) => (
            <button
              key={action}
              type="button"
              disabled={pending !== null}
              aria-label={compact ? `${LABEL[action]} ${name}` : undefined}
              onClick={() => void run(action)}
              className={compact ? `${buttonClass.plain} px-1.5 py-0.5 text-xs` : buttonClass.plain}
            >
              {pending === action ? PENDING[action] : LABEL[action]}
            </button>
          ))}
        {canManage && <DestroyJail name={name} compact={compact} onDestroyed={onDestroyed} />}
        {pending && <span className="sr-only" role="status">{`${PENDING[pending]} ${name}`}</span>}
      </div>
      <FormError error={failed} />
      {watching && <JailOutput name={name} phase={watching === "stop" ? "stop" : "start"} events={feed.events} error={feed.error} />}
    </div>
  );
}
