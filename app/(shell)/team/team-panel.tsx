"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/app/_components/forms/form-error";
import { QueryState } from "@/app/_components/query-state";
import { useTRPC } from "@/app/_trpc/client";
import { UserGrants } from "./user-grants";
import { UserSessions } from "./user-sessions";
import { UserStatus } from "./user-status";
import { UserTwoFactor } from "./user-two-factor";

function NewUserForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<{ username: string; oneTimePassword: string } | null>(null);
  const create = useMutation(
    trpc.team.create.mutationOptions({
      onSuccess: (result) => {
        setCreated(result);
        void queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() });
      },
    }),
  );
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const role = String(form.get("role")) as "admin" | "operator" | "viewer";
    // A new attempt replaces the last outcome: never a previous user's password beside this one's error.
    setCreated(null);
    create.mutate(
      { username: String(form.get("username")), name: String(form.get("name")), role },
      { onSuccess: () => formElement.reset() },
    );
  }
  const field = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";
  return (
    <form onSubmit={onSubmit} className="mb-6 flex flex-wrap items-end gap-3" aria-label="New user">
      <label className="text-sm">
        Username <input name="username" required className={`${field} block`} />
      </label>
      <label className="text-sm">
        Name <input name="name" required className={`${field} block`} />
      </label>
      <label className="text-sm">
        Role
        <select name="role" className={`${field} block`} defaultValue="viewer">
          <option value="viewer">viewer</option>
          <option value="operator">operator</option>
          <option value="admin">admin</option>
        </select>
      </label>
      <button type="submit" disabled={create.isPending} className="rounded-md bg-sky-600 px-3 py-1.5 text-sm text-white">
        Add user
      </button>
      <FormError error={create.error} className="w-full" />
      {created && (
        <p role="status" className="w-full rounded-md bg-emerald-50 p-2 text-sm dark:bg-emerald-950">
          {created.username} can sign in with the one-time password{" "}
          <code className="font-mono font-semibold">{created.oneTimePassword}</code> — it is shown only now.
        </p>
      )}
    </form>
  );
}

export function TeamPanel() {
  const trpc = useTRPC();
  const users = useQuery(trpc.team.list.queryOptions());
  const jails = useQuery(trpc.jails.list.queryOptions());
  const jailNames = jails.data ? jails.data.map((jail) => jail.name) : null;
  if (!users.data) return <QueryState query={users} what="the team" />;
  return (
    <>
      <NewUserForm />
      <table className="w-full max-w-5xl text-left text-sm">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-2">User</th>
            <th>Name</th>
            <th>Grants</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {users.data.map((user) => (
            <tr key={user.id} className="border-t border-slate-200 align-top dark:border-slate-800">
              <td className="py-2 font-mono">{user.username}</td>
              <td>{user.name}</td>
              <td className="py-2">
                <UserGrants username={user.username ?? ""} grants={user.grants} jailNames={jailNames} />
              </td>
              <td>
                <UserStatus username={user.username ?? ""} disabled={user.disabled} />
                <UserTwoFactor username={user.username ?? ""} enabled={user.twoFactorEnabled === true} required={user.twoFactorRequired} />
                <UserSessions username={user.username ?? ""} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
