"use client";

import { AdoptForm } from "@/app/_components/jail-actions/adopt-form";

/**
 * For an admin: a container made with plain lxc-create, in the agent's LXC path or another
 * (the process tree's unmanaged row links here with its name and path filled in).
 */
export function AdoptContainer({ name, lxcPath }: { name?: string; lxcPath?: string }) {
  return (
    <details id="adopt" open={name !== undefined} className="rounded border border-slate-300 p-3 text-sm dark:border-slate-700">
      <summary className="cursor-pointer font-medium">Adopt a container made with lxc-create</summary>
      <div className="mt-3">
        <AdoptForm name={name} lxcPath={lxcPath} />
      </div>
    </details>
  );
}
