"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { FormError } from "@/app/_components/forms/form-error";
import { useTRPC } from "@/app/_trpc/client";
import { EVERY_HOST } from "@/server/auth/permissions";
import { LOCAL_HOST_ID } from "@/shared/host-id";
import { useScopeOnHost, type ScopeType } from "./scope-on-host";

interface GrantRow {
  id: string;
  roleName: string;
  /** null: a tag grant on every host. */
  hostId: string | null;
  scopeType: string;
  scopeValue: string;
}

const field = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";

export const hostWords = (hostId: string | null) => (hostId === null ? "every host" : hostId === LOCAL_HOST_ID ? "this machine" : hostId);

/** What a grant covers, its host included; `jails` (this machine's) marks a jail grant there whose jail is gone. */
function scopeLabel(grant: GrantRow, jails: ReadonlySet<string> | null): string {
  const on = hostWords(grant.hostId);
  if (grant.scopeType === "host") return `the whole host ${grant.hostId === LOCAL_HOST_ID ? "(this machine)" : grant.scopeValue}`;
  if (grant.scopeType === "tag") return `jails tagged ${grant.scopeValue} on ${on}`;
  const missing = grant.hostId === LOCAL_HOST_ID && jails !== null && !jails.has(grant.scopeValue);
  return `jail ${grant.scopeValue} on ${on}${missing ? " (no such jail yet)" : ""}`;
}

/** Which host the new grant (or API token) covers: one enrolled host, or (for a tag only) every host. */
export function HostChoice({
  scopeType,
  value,
  onChange,
  label = "Host",
}: {
  scopeType: string;
  value: string;
  onChange(host: string): void;
  label?: string;
}) {
  const trpc = useTRPC();
  const hosts = useQuery(trpc.team.hosts.queryOptions());
  return (
    <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value)} className={field}>
      {(hosts.data ?? [{ id: LOCAL_HOST_ID, name: LOCAL_HOST_ID, remote: false }]).map((host) => (
        <option key={host.id} value={host.id}>
          {host.remote ? host.name : "this machine"}
        </option>
      ))}
      {scopeType === "tag" && <option value={EVERY_HOST}>every host</option>}
    </select>
  );
}

function AddGrantForm({ username, jailNames, onDone }: { username: string; jailNames: string[]; onDone: () => void }) {
  const trpc = useTRPC();
  const { scopeType, setScopeType, host, setHost } = useScopeOnHost();
  const add = useMutation(trpc.grants.add.mutationOptions({ onSuccess: onDone }));
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const role = String(form.get("role")) as "admin" | "operator" | "viewer";
    add.mutate({ username, role, scopeType, scopeValue: String(form.get("scopeValue") ?? ""), host });
  }
  const listId = `jails-for-${username}`;
  return (
    <form onSubmit={onSubmit} aria-label={`New grant for ${username}`} className="mt-1 flex flex-wrap items-center gap-1">
      <select name="role" aria-label="Role" defaultValue="viewer" className={field}>
        <option value="viewer">viewer</option>
        <option value="operator">operator</option>
        <option value="admin">admin</option>
      </select>
      <span className="text-xs text-slate-500">on</span>
      <select aria-label="Scope" value={scopeType} onChange={(event) => setScopeType(event.target.value as ScopeType)} className={field}>
        <option value="jail">jail</option>
        <option value="tag">tag</option>
        <option value="host">whole host</option>
      </select>
      {scopeType !== "host" && (
        <input
          name="scopeValue"
          aria-label={scopeType === "jail" ? "Jail" : "Tag"}
          required
          list={scopeType === "jail" ? listId : undefined}
          className={`${field} w-32`}
        />
      )}
      <span className="text-xs text-slate-500">on</span>
      <HostChoice scopeType={scopeType} value={host} onChange={setHost} />
      <datalist id={listId}>
        {jailNames.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <button type="submit" disabled={add.isPending} className="rounded-md bg-sky-600 px-2 py-1 text-xs text-white">
        Grant
      </button>
      <FormError
        error={add.error}
        labels={{ scopeValue: scopeType === "jail" ? "Jail" : "Tag", role: "Role", scopeType: "Scope", host: "Host" }}
        className="w-full"
      />
    </form>
  );
}

/** A user's grants, each removable, and a form to add one; grants to jails that are gone are marked. */
export function UserGrants({ username, grants, jailNames }: { username: string; grants: GrantRow[]; jailNames: string[] | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() });
    // An admin may have changed their own grants, and with them the hosts their pages offer.
    void queryClient.invalidateQueries({ queryKey: trpc.hosts.choices.queryKey() });
  };
  const remove = useMutation(trpc.grants.remove.mutationOptions({ onSuccess: refresh }));
  const known = jailNames ? new Set(jailNames) : null;
  return (
    <div>
      <ul aria-label={`Grants of ${username}`} className="space-y-0.5">
        {grants.map((grant) => (
          <li key={grant.id} className="flex items-center gap-2">
            <span>
              <strong className="font-medium">{grant.roleName}</strong> on {scopeLabel(grant, known)}
            </span>
            <button
              type="button"
              onClick={() => remove.mutate({ id: grant.id })}
              aria-label={`Remove ${grant.roleName} on ${grant.scopeType} ${grant.scopeValue} (${hostWords(grant.hostId)}) from ${username}`}
              className="text-xs text-red-600 hover:underline"
            >
              remove
            </button>
          </li>
        ))}
        {grants.length === 0 && <li className="text-slate-500">no grants: sees nothing</li>}
      </ul>
      <FormError error={remove.error} />
      <AddGrantForm username={username} jailNames={jailNames ?? []} onDone={refresh} />
    </div>
  );
}
