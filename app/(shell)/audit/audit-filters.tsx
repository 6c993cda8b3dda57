"use client";

import { useQuery } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useTRPC } from "@/app/_trpc/client";

export interface AuditFilter {
  actor?: string;
  host?: string;
  jail?: string;
  action?: string;
  result?: "ok" | "error" | "denied";
  from?: Date;
  to?: Date;
}

const field = "block rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";

function text(form: FormData, name: string): string | undefined {
  const value = String(form.get(name) ?? "").trim();
  return value === "" ? undefined : value;
}

function date(form: FormData, name: string): Date | undefined {
  const value = text(form, name);
  return value ? new Date(value) : undefined;
}

/** The hosts whose events the caller may read (this machine first), or every host. */
function HostFilter() {
  const trpc = useTRPC();
  const choices = useQuery(trpc.audit.hosts.queryOptions());
  return (
    <label>
      Host
      <select name="host" defaultValue="" className={field}>
        <option value="">every host</option>
        {(choices.data ?? []).map((host) => (
          <option key={host.id} value={host.id}>
            {host.remote ? host.name : "this machine"}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Filter by user, host, jail, action, result and time range; applying replaces the current filter. */
export function AuditFilters({ onApply }: { onApply: (filter: AuditFilter) => void }) {
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = text(form, "result") as AuditFilter["result"];
    onApply({
      actor: text(form, "actor"),
      host: text(form, "host"),
      jail: text(form, "jail"),
      action: text(form, "action"),
      result,
      from: date(form, "from"),
      to: date(form, "to"),
    });
  }
  return (
    <form onSubmit={onSubmit} aria-label="Filter the audit log" className="mb-4 flex flex-wrap items-end gap-3 text-sm">
      <label>
        User <input name="actor" className={`${field} w-32`} />
      </label>
      <HostFilter />
      <label>
        Jail <input name="jail" className={`${field} w-32`} />
      </label>
      <label>
        Action <input name="action" placeholder="e.g. jails." className={`${field} w-36`} />
      </label>
      <label>
        Result
        <select name="result" defaultValue="" className={field}>
          <option value="">any</option>
          <option value="ok">ok</option>
          <option value="error">error</option>
          <option value="denied">denied</option>
        </select>
      </label>
      <label>
        From <input name="from" type="datetime-local" className={field} />
      </label>
      <label>
        To <input name="to" type="datetime-local" className={field} />
      </label>
      <button type="submit" className="rounded-md bg-sky-600 px-3 py-1.5 text-white">
        Apply filter
      </button>
    </form>
  );
}
