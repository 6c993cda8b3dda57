"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { buttonClass } from "@/app/_components/dialog";
import { PlanPanel } from "@/app/_components/plan/plan-panel";
import { usePlanFlow } from "@/app/_components/plan/use-plan-flow";
import { useTRPC } from "@/app/_trpc/client";
import { useHostInput } from "@/app/_lib/use-host";
import { HostLink } from "@/app/_components/host-link";
import { useRefreshJails } from "./use-jail-permissions";

const inputClass = "w-72 rounded-md border border-slate-300 bg-white px-2 py-1 font-mono dark:border-slate-700 dark:bg-slate-950";

interface AdoptFormProps {
  /** The container's name, prefilled (the tree's unmanaged row) or fixed (its own jail page). */
  name?: string;
  fixedName?: boolean;
  /** Prefilled from the tree's unmanaged row; else the agent's own LXC path. */
  lxcPath?: string;
}

/**
 * Adopting a container made with plain lxc-create: its name and LXC path (the agent's unless
 * another is typed), then the agent's plan, which shows what changes before anything does.
 * Only a path other than the agent's is sent: the agent checks and records it.
 */
export function AdoptForm({ name: initialName = "", fixedName = false, lxcPath: prefilledPath }: AdoptFormProps) {
  const trpc = useTRPC();
  const agentPath = useQuery(trpc.host.info.queryOptions(useHostInput())).data?.lxcPath ?? null;
  const [name, setName] = useState(initialName);
  const [typedPath, setTypedPath] = useState<string | null>(prefilledPath ?? null);
  const lxcPath = (typedPath ?? agentPath ?? "").trim();
  const flow = usePlanFlow(useRefreshJails());
  const review = () => flow.start({ kind: "adopt", name: name.trim(), ...(lxcPath && lxcPath !== agentPath ? { lxcPath } : {}) });
  const adopted = flow.apply.data?.jail;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-end gap-3 text-sm">
        {!fixedName && (
          <label className="flex flex-col gap-1">
            <span>Container name</span>
            <input value={name} onChange={(event) => setName(event.target.value)} className={inputClass} />
          </label>
        )}
        <label className="flex flex-col gap-1">
          <span>LXC path</span>
          <input
            value={typedPath ?? agentPath ?? ""}
            onChange={(event) => setTypedPath(event.target.value)}
            placeholder="e.g. /var/lib/lxc"
            className={inputClass}
          />
        </label>
        <button type="button" className={buttonClass.primary} disabled={!name.trim() || flow.plan.isPending} onClick={review}>
          Review adopting it
        </button>
      </div>
      <p className="text-xs text-slate-500">
        Where lxc-create made it (its -P). {agentPath && `Stockade's own is ${agentPath}; `}a container elsewhere stays where it is, and
        Stockade runs every lxc-* command for it with that path.
      </p>
      <PlanPanel flow={flow} />
      {adopted && !fixedName && (
        <HostLink className="text-sm text-sky-700 underline dark:text-sky-300" href={`/jails/${adopted.name}`}>
          Open {adopted.name}
        </HostLink>
      )}
    </div>
  );
}
