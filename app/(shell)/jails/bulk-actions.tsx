"use client";

import { useMutation } from "@tanstack/react-query";
import { buttonClass } from "@/app/_components/dialog";
import { FormError } from "@/app/_components/forms/form-error";
import { useJailPermissions, useRefreshJails } from "@/app/_components/jail-actions/use-jail-permissions";
import { useTRPC } from "@/app/_trpc/client";
import { useHostInput } from "@/app/_lib/use-host";
import type { Jail } from "@/server/agent/protocol";

const ACTIONS = [
  ["start", "Start", "Starting…"],
  ["stop", "Stop", "Stopping…"],
  ["restart", "Restart", "Restarting…"],
] as const;

const RESULT_TONE = {
  ok: "text-emerald-700 dark:text-emerald-400",
  failed: "text-red-700 dark:text-red-400",
  denied: "text-amber-700 dark:text-amber-300",
};

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

/** Start, stop or restart every selected jail; one result row per jail, failures included. */
export function BulkActions({ jails, selection }: { jails: Jail[]; selection: BulkSelection }) {
  const trpc = useTRPC();
  const { host } = useHostInput();
  const refresh = useRefreshJails();
  const bulk = useMutation(trpc.jails.bulk.mutationOptions({ onSettled: refresh }));
  const { onJail } = useJailPermissions();
  // Only jails the caller may power are acted on; with none, there are no action buttons at all.
  const mayPower = jails.some((jail) => onJail(jail.name, "jails.power"));
  const names = jails.filter((jail) => selection.selected.has(jail.name) && onJail(jail.name, "jails.power")).map((jail) => jail.name);
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
      {bulk.data && (
        <table aria-label="Bulk results" className="w-full max-w-3xl text-left text-sm">
          <caption className="text-left text-xs font-semibold uppercase text-slate-500">
            Bulk {bulk.variables?.action}: {bulk.data.filter((r) => r.result === "ok").length} of {bulk.data.length} ok
          </caption>
          <tbody>
            {bulk.data.map((row) => (
              <tr key={row.jail} aria-label={`${row.jail}: ${row.result}`} className="border-t border-slate-200 dark:border-slate-800">
                <th scope="row" className="px-2 py-1 font-medium">
                  {row.jail}
                </th>
                <td className={`px-2 py-1 font-semibold ${RESULT_TONE[row.result]}`}>{row.result}</td>
                <td className="px-2 py-1">{row.message ?? (row.state ? `now ${row.state}` : "")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
