"use client";

import { useMutation } from "@tanstack/react-query";
import { buttonClass } from "@/app/_components/dialog";
import { FormError } from "@/app/_components/forms/form-error";
import { useJailPermissions, useRefreshJails } from "@/app/_components/jail-actions/use-jail-permissions";
import { useTRPC } from "@/app/_trpc/client";
import { useHostInput } from "@/app/_lib/use-host";
import type { Jail } from "@/server/agent/protocol";
import { BulkDestroy } from "./bulk-destroy";
import type { BulkOutcome } from "./bulk-results";

const ACTIONS = [
  ["start", "Start", "Starting…"],
  ["stop", "Stop", "Stopping…"],
  ["restart", "Restart", "Restarting…"],
] as const;

export interface BulkSelection {
  selected: ReadonlySet<string>;
  setSelected(names: Set<string>): void;
}

function TagPicker({ jails, selection }: { jails: Jail[]; selection: BulkSelection }) {
  const tags = [...new Set(jails.flatMap((jail) => jail.tags))].sort();
  if (tags.length === 0) return null;
  return (
    <label className="flex items-center gap-2 text-sm">
      Select by tag
      <select
        value=""
        onChange={(event) => selection.setSelected(new Set(jails.filter((j) => j.tags.includes(event.target.value)).map((j) => j.name)))}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
      >
        <option value="">choose a tag…</option>
        {tags.map((tag) => (
          <option key={tag} value={tag}>
            {tag}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Start, stop, restart or destroy every selected jail; one result row per jail, failures included. */
export function BulkActions({
  jails,
  selection,
  onResults,
}: {
  jails: Jail[];
  selection: BulkSelection;
  /** Kept by the list, not here: a bulk destroy of every jail leaves no list to show them in. */
  onResults(outcome: BulkOutcome): void;
}) {
  const trpc = useTRPC();
  const { host } = useHostInput();
  const refresh = useRefreshJails();
  const bulk = useMutation(
    trpc.jails.bulk.mutationOptions({ onSuccess: (rows, input) => onResults({ action: input.action, rows }), onSettled: refresh }),
  );
  const { onJail } = useJailPermissions();
  // Only jails the caller may power are acted on; with none, there are no action buttons at all.
  const mayPower = jails.some((jail) => onJail(jail.name, "jails.power"));
  const names = jails.filter((jail) => selection.selected.has(jail.name) && onJail(jail.name, "jails.power")).map((jail) => jail.name);
  const mayDestroy = jails.some((jail) => onJail(jail.name, "jails.manage"));
  const destroyable = jails.filter((jail) => selection.selected.has(jail.name) && onJail(jail.name, "jails.manage")).map((j) => j.name);
  return (
    <div className="flex flex-col gap-2">
      <div role="toolbar" aria-label="Bulk actions" className="flex flex-wrap items-center gap-3">
        <TagPicker jails={jails} selection={selection} />
        <span className="text-sm text-slate-500" aria-live="polite">
          {names.length} selected
        </span>
        {mayPower &&
          ACTIONS.map(([action, label, pending]) => (
            <button
              key={action}
              type="button"
              disabled={names.length === 0 || bulk.isPending}
              onClick={() => bulk.mutate({ host, action, names })}
              className={buttonClass.plain}
            >
              {bulk.isPending && bulk.variables?.action === action ? pending : `${label} selected`}
            </button>
          ))}
        {mayDestroy && (
          <BulkDestroy
            names={destroyable}
            onResults={(rows) => {
              onResults({ action: "destroy", rows });
              selection.setSelected(new Set());
              refresh();
            }}
          />
        )}
        {names.length > 0 && (
          <button
            type="button"
            className="text-sm text-sky-700 underline dark:text-sky-300"
            onClick={() => selection.setSelected(new Set())}
          >
            Clear selection
          </button>
        )}
      </div>
      <FormError error={bulk.error} />
    </div>
  );
}
