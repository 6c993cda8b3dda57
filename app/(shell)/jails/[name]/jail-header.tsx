"use client";

import { DriftBadge } from "./jail-drift";
import { useRouter } from "next/navigation";
import { Fact } from "@/app/_components/fact";
import { JailLifecycle } from "@/app/_components/jail-actions/lifecycle-actions";
import { MakeUnprivileged } from "@/app/_components/jail-actions/make-unprivileged";
import type { Jail } from "@/server/agent/protocol";
import { AdoptionBadge, JailStateBadge } from "@/app/_components/jails/jail-state";
import { withHost } from "@/app/_lib/host-param";
import { useHost } from "@/app/_lib/use-host";
import { jailIdentity } from "../jail-identity";

export function JailHeader({ jail }: { jail: Jail }) {
  const router = useRouter();
  const host = useHost();
  const addresses = [...jail.ipv4, ...jail.ipv6];
  const identity = jailIdentity(jail);
  return (
    <header className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Jail {jail.name}</h1>
        <JailStateBadge state={jail.state} />
        <AdoptionBadge jail={jail} />
        <DriftBadge jail={jail} />
      </div>
      <dl className="grid grid-cols-[repeat(auto-fill,minmax(12rem,1fr))] gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <Fact label="Hostname">{jail.hostname}</Fact>
        {identity && (
          <Fact label={identity.label} title={identity.title}>
            {identity.value}
          </Fact>
        )}
        <Fact label="Addresses">
          <span className="font-mono text-xs">{addresses.join(", ") || "none"}</span>
        </Fact>
        <Fact label="Template">{jail.template ?? "—"}</Fact>
        <Fact label="Tags">{jail.tags.join(", ") || "none"}</Fact>
        <Fact label="Path">
          <span className="font-mono text-xs">{jail.path}</span>
        </Fact>
        <Fact label="Starts with the host">{jail.autostart ? "yes" : "no"}</Fact>
      </dl>
      <div className="flex flex-wrap items-center gap-3">
        <JailLifecycle name={jail.name} state={jail.state} onDestroyed={() => router.push(withHost("/jails", host))} />
        <MakeUnprivileged jail={jail} />
      </div>
    </header>
  );
}
