"use client";

import { AdoptForm } from "@/app/_components/jail-actions/adopt-form";
import { useJailPermissions } from "@/app/_components/jail-actions/use-jail-permissions";
import type { Jail } from "@/server/agent/protocol";

/** A container Stockade found but does not manage: the adopt plan shows its config with Stockade's block before anything changes. */
export function AdoptJail({ jail }: { jail: Jail }) {
  const { onJail } = useJailPermissions();
  if (!jail.unmanaged) return null;
  return (
    <section
      aria-label="Not managed by Stockade"
      className="flex flex-col gap-2 rounded border border-slate-300 p-3 text-sm dark:border-slate-700"
    >
      <p>Stockade found this container in its LXC path but did not create it: it is shown, and left alone until it is adopted.</p>
      {onJail(jail.name, "jails.manage") && <AdoptForm name={jail.name} fixedName />}
    </section>
  );
}
