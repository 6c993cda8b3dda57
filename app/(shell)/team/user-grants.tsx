"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/app/_components/forms/form-error";
import { useTRPC } from "@/app/_trpc/client";

interface GrantRow {
  id: string;
  roleName: string;
  scopeType: string;
  scopeValue: string;
}

const field = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";

function scopeLabel(grant: GrantRow, jails: ReadonlySet<string> | null): string {
  if (grant.scopeType === "host") return "the whole host";
  if (grant.scopeType === "tag") return `jails tagged ${grant.scopeValue}`;
  const missing = jails !== null && !jails.has(grant.scopeValue);
  return `jail ${grant.scopeValue}${missing ? " (no such jail yet)" : ""}`;
}

function AddGrantForm({ username, jailNames, onDone }: { username: string; jailNames: string[]; onDone: () => void }) {
  const trpc = useTRPC();
  const [scopeType, setScopeType] = useState<"host" | "jail" | "tag">("jail");
  const add = useMutation(trpc.grants.add.mutationOptions({ onSuccess: onDone }));
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const role = String(form.get("role")) as "admin" | "operator" | "viewer";
    add.mutate({ username, role, scopeType, scopeValue: String(form.get("scopeValue") ?? "") });
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
      <select
        aria-label="Scope"
        value={scopeType}
        onChange={(event) => setScopeType(event.target.value as typeof scopeType)}
        className={field}
      >
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
        labels={{ scopeValue: scopeType === "jail" ? "Jail" : "Tag", role: "Role", scopeType: "Scope" }}
        className="w-full"
      />
    </form>
  );
}

/** A user's grants, each removable, and a form to add one; grants to jails that are gone are marked. */
export function UserGrants({ username, grants, jailNames }: { username: string; grants: GrantRow[]; jailNames: string[] | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() });
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
              aria-label={`Remove ${grant.roleName} on ${grant.scopeType} ${grant.scopeValue} from ${username}`}
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
