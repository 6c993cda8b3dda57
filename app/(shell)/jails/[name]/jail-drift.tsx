"use client";

import { buttonClass } from "@/app/_components/dialog";
import { useJailPermissions, useRefreshJails } from "@/app/_components/jail-actions/use-jail-permissions";
import { PlanPanel } from "@/app/_components/plan/plan-panel";
import { usePlanFlow } from "@/app/_components/plan/use-plan-flow";
import type { Jail } from "@/server/agent/protocol";

/** The badge beside a jail's state wherever it is listed. */
export function DriftBadge({ jail }: { jail: Pick<Jail, "drift"> }) {
  if (!jail.drift?.length) return null;
  return (
    <span
      className="rounded bg-amber-200 px-1.5 py-0.5 text-xs text-amber-950 dark:bg-amber-800 dark:text-amber-50"
      title={`Changed outside Stockade: ${jail.drift.map((d) => d.key).join(", ")}`}
    >
      drifted
    </span>
  );
}

/** What differs between the running jail and its definition, and the two ways to make them agree (each a plan). */
export function JailDrift({ jail }: { jail: Jail }) {
  const { onJail } = useJailPermissions();
  const flow = usePlanFlow(useRefreshJails());
  if (!jail.drift?.length) return null;
  // FreeBSD names the file jail(8) reads; a Linux jail is its LXC config beside its rootfs.
  const source = jail.configFile ?? `${jail.path}/config`;
  return (
    <section
      aria-label="Changed outside Stockade"
      className="flex flex-col gap-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950"
    >
      <p>
        <strong>Changed outside Stockade:</strong> the jail on the host differs from its definition in{" "}
        <code className="font-mono text-xs">{source}</code>.
      </p>
      <table aria-label="Drifted parameters" className="text-left text-xs">
        <thead>
          <tr>
            <th className="pr-4">Parameter</th>
            <th className="pr-4">Definition</th>
            <th>Now on the host</th>
          </tr>
        </thead>
        <tbody>
          {jail.drift.map((d) => (
            <tr key={d.key}>
              <th scope="row" className="pr-4 font-mono font-normal">
                {d.key}
              </th>
              <td className="pr-4 font-mono">{d.defined ?? "—"}</td>
              <td className="font-mono">{d.running ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {onJail(jail.name, "jails.manage") && (
        <div className="flex gap-2">
          <button
            type="button"
            className={buttonClass.plain}
            onClick={() => flow.start({ kind: "reconcile", name: jail.name, keep: "definition" })}
          >
            Revert to the file
          </button>
          <button
            type="button"
            className={buttonClass.plain}
            onClick={() => flow.start({ kind: "reconcile", name: jail.name, keep: "running" })}
          >
            Accept the running values
          </button>
        </div>
      )}
      <PlanPanel flow={flow} />
    </section>
  );
}
