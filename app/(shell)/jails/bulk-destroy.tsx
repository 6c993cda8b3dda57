"use client";

import { useState } from "react";
import { buttonClass, Dialog } from "@/app/_components/dialog";
import { Commands, type PlanShape } from "@/app/_components/plan/plan-view";
import { useTRPCClient } from "@/app/_trpc/client";
import { useHostInput } from "@/app/_lib/use-host";
import type { BulkRow } from "./bulk-results";

type Planned = { jail: string; plan: PlanShape } | { jail: string; error: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What confirms destroying `count` jails at once: the count, typed. */
export const confirmsBulkDestroy = (typed: string, count: number) => count > 0 && typed.trim() === String(count);

function JailPlan({ entry }: { entry: Planned }) {
  return (
    <section
      aria-label={`Plan: destroy ${entry.jail}`}
      className="flex flex-col gap-1 border-t border-slate-200 pt-2 dark:border-slate-800"
    >
      <h3 className="text-sm font-semibold">{entry.jail}</h3>
      {"error" in entry ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          No plan: {entry.error}
        </p>
      ) : (
        <>
          <Commands plan={entry.plan} />
          <ul className="list-disc pl-6 text-xs text-amber-800 dark:text-amber-300">
            {entry.plan.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * Destroy every selected jail: the agent plans each one's destroy and each plan is shown; the
 * number of jails is typed to confirm; each plan is then applied on its own (a failure does not
 * stop the rest) and every jail gets a result row. A jail that could not be planned is not touched.
 */
export function BulkDestroy({ names, onResults }: { names: string[]; onResults(rows: BulkRow[]): void }) {
  const client = useTRPCClient();
  const { host } = useHostInput();
  const [planned, setPlanned] = useState<Planned[] | null>(null);
  const [typed, setTyped] = useState("");
  const [applying, setApplying] = useState(false);
  const ready = planned?.flatMap((entry) => ("plan" in entry ? [entry] : [])) ?? [];
  const open = async () => {
    setTyped("");
    setPlanned([]);
    const plans = await Promise.all(
      names.map((jail) =>
        client.jails.plan.mutate({ host, kind: "destroy", name: jail }).then(
          (plan): Planned => ({ jail, plan }),
          (error: unknown): Planned => ({ jail, error: messageOf(error) }),
        ),
      ),
    );
    setPlanned(plans);
  };
  const destroyAll = async () => {
    setApplying(true);
    const rows: BulkRow[] = [];
    for (const entry of planned ?? []) {
      if ("error" in entry) {
        rows.push({ jail: entry.jail, result: "failed", message: `Not planned: ${entry.error}`, state: null });
        continue;
      }
      const { id, kind } = entry.plan;
      await client.jails.applyPlan.mutate({ host, name: entry.jail, planId: id, kind, confirmName: entry.jail }).then(
        () => rows.push({ jail: entry.jail, result: "ok", message: "destroyed", state: null }),
        (error: unknown) => rows.push({ jail: entry.jail, result: "failed", message: messageOf(error), state: null }),
      );
    }
    setApplying(false);
    setPlanned(null);
    onResults(rows);
  };
  return (
    <>
      <button
        type="button"
        disabled={names.length === 0}
        onClick={() => void open()}
        className={`${buttonClass.plain} border-red-300 text-red-700 dark:border-red-800 dark:text-red-300`}
      >
        Destroy selected…
      </button>
      <Dialog title={`Destroy ${names.length} jails`} open={planned !== null} onClose={() => !applying && setPlanned(null)}>
        <p className="text-sm">Each jail below is stopped if it runs and its files and configuration are deleted. It cannot be undone.</p>
        {planned?.length === 0 && <p className="text-sm text-slate-500">Planning…</p>}
        {planned?.map((entry) => (
          <JailPlan key={entry.jail} entry={entry} />
        ))}
        <label className="flex flex-col gap-1 text-sm">
          Type {ready.length} to confirm destroying {ready.length} jails
          <input
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            autoComplete="off"
            inputMode="numeric"
            className="rounded-md border border-slate-300 bg-white px-2 py-1 font-mono dark:border-slate-700 dark:bg-slate-950"
          />
        </label>
        <div className="flex justify-end gap-2">
          <button type="button" disabled={applying} onClick={() => setPlanned(null)} className={buttonClass.plain}>
            Cancel
          </button>
          <button
            type="button"
            disabled={applying || !confirmsBulkDestroy(typed, ready.length)}
            onClick={() => void destroyAll()}
            className={buttonClass.danger}
          >
            {applying ? "Destroying…" : `Destroy ${ready.length} jails`}
          </button>
        </div>
      </Dialog>
    </>
  );
}
