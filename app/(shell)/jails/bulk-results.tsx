import type { BulkResult } from "@/server/api/routers/jail-operations";

/** One jail's outcome in a bulk action: ok, failed with the agent's message, or denied. */
export type BulkRow = BulkResult;

/** The last bulk action's rows. */
export interface BulkOutcome {
  action: string;
  rows: BulkRow[];
}

const RESULT_TONE = {
  ok: "text-emerald-700 dark:text-emerald-400",
  failed: "text-red-700 dark:text-red-400",
  denied: "text-amber-700 dark:text-amber-300",
};

export function BulkResults({ action, rows }: BulkOutcome) {
  return (
    <table aria-label="Bulk results" className="w-full max-w-3xl text-left text-sm">
      <caption className="text-left text-xs font-semibold uppercase text-slate-500">
        Bulk {action}: {rows.filter((r) => r.result === "ok").length} of {rows.length} ok
      </caption>
      <tbody>
        {rows.map((row) => (
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
  );
}
