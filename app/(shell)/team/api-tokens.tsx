"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/app/_components/forms/form-error";
import { QueryState } from "@/app/_components/query-state";
import { useTRPC } from "@/app/_trpc/client";
import { EVERY_HOST } from "@/server/auth/permissions";
import { useScopeOnHost, type ScopeType } from "./scope-on-host";
import { HostChoice, hostWords } from "./user-grants";

const field = "block rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";

function NewTokenForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [shown, setShown] = useState<{ name: string; token: string } | null>(null);
  const { scopeType, setScopeType, host, setHost } = useScopeOnHost();
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: (result) => {
        setShown(result);
        void queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
      },
    }),
  );
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const days = String(form.get("days") ?? "").trim();
    setShown(null);
    create.mutate({
      name: String(form.get("name")),
      role: String(form.get("role")) as "admin" | "operator" | "viewer",
      scopeType,
      scopeValue: String(form.get("scopeValue") ?? ""),
      host,
      expiresInDays: days === "" ? null : Number(days),
    });
  }
  return (
    <form onSubmit={onSubmit} aria-label="New API token" className="mb-4 flex flex-wrap items-end gap-3 text-sm">
      <label>
        Token name <input name="name" required className={field} />
      </label>
      <label>
        Token role
        <select name="role" defaultValue="viewer" className={field}>
          <option value="viewer">viewer</option>
          <option value="operator">operator</option>
          <option value="admin">admin</option>
        </select>
      </label>
      <label>
        Token scope
        <select name="scopeType" value={scopeType} onChange={(event) => setScopeType(event.target.value as ScopeType)} className={field}>
          <option value="jail">jail</option>
          <option value="tag">tag</option>
          <option value="host">whole host</option>
        </select>
      </label>
      <label>
        Jail or tag <input name="scopeValue" className={`${field} w-32`} />
      </label>
      <label>
        Token host
        <HostChoice label="Token host" scopeType={scopeType} value={host} onChange={setHost} />
      </label>
      <label>
        Expires in days <input name="days" type="number" min={1} defaultValue={90} className={`${field} w-24`} />
      </label>
      <button type="submit" disabled={create.isPending} className="rounded-md bg-sky-600 px-3 py-1.5 text-white">
        Create token
      </button>
      <FormError error={create.error} labels={{ name: "Token name", scopeValue: "Jail or tag", host: "Token host" }} className="w-full" />
      {shown && (
        <p role="status" className="w-full rounded-md bg-emerald-50 p-2 dark:bg-emerald-950">
          Token {shown.name}: <code className="break-all font-mono font-semibold">{shown.token}</code> — copy it now, it is shown only once.
        </p>
      )}
    </form>
  );
}

/** Tokens for scripts and the `npm run stockade` CLI; each acts with one role over one scope. */
export function ApiTokens() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() }) }),
  );
  return (
    <section aria-label="API tokens" className="mt-8">
      <h2 className="mb-3 text-lg font-semibold">API tokens</h2>
      <NewTokenForm />
      {!tokens.data ? (
        <QueryState query={tokens} what="the tokens" />
      ) : (
        <table className="w-full max-w-5xl text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-2">Token</th>
              <th>Acts as</th>
              <th>Grant</th>
              <th>Expires</th>
              <th>Last used</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((token) => (
              <tr key={token.id} className="border-t border-slate-200 dark:border-slate-800">
                <td className="py-2">
                  {token.name} <span className="font-mono text-xs text-slate-500">{token.prefix}…</span>
                </td>
                <td>{token.user.username}</td>
                <td>
                  {token.roleName} on {token.scopeType === "host" ? "the whole host" : `${token.scopeType} ${token.scopeValue} on`}{" "}
                  {hostWords(token.hostId === EVERY_HOST ? null : token.hostId)}
                </td>
                <td>{token.expiresAt ? token.expiresAt.toLocaleDateString() : "never"}</td>
                <td>{token.lastUsedAt ? token.lastUsedAt.toLocaleString() : "never"}</td>
                <td>
                  {token.revokedAt ? (
                    "revoked"
                  ) : (
                    <button type="button" onClick={() => revoke.mutate({ id: token.id })} className="text-xs text-red-600 hover:underline">
                      Revoke {token.name}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FormError error={revoke.error} />
    </section>
  );
}
