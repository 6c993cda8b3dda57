"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormError } from "@/app/_components/forms/form-error";
import { useTRPC } from "@/app/_trpc/client";

const LABELS = { currentPassword: "Current password", newPassword: "New password" };

export function ChangePasswordForm({ forced }: { forced: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation(
    trpc.session.changePassword.mutationOptions({
      onSuccess: () => {
        router.replace("/");
        router.refresh();
      },
    }),
  );
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const newPassword = String(form.get("newPassword"));
    setMismatch(newPassword !== String(form.get("repeatPassword")));
    if (newPassword !== String(form.get("repeatPassword"))) return;
    change.mutate({ currentPassword: String(form.get("currentPassword")), newPassword });
  }
  const input =
    "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:border-sky-500 focus:outline-none focus:ring-2 focus:ring-sky-500/30 dark:border-slate-700 dark:bg-slate-950";
  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Choose a password" noValidate>
      <label className="block text-sm font-medium">
        {forced ? "One-time password" : "Current password"}
        <input name="currentPassword" type="password" autoComplete="current-password" required autoFocus className={input} />
      </label>
      <div>
        <label className="block text-sm font-medium">
          New password
          <input
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            aria-describedby="new-password-rule"
            className={input}
          />
        </label>
        <p id="new-password-rule" className="mt-1 text-xs text-slate-500">
          At least 12 characters.
        </p>
      </div>
      <label className="block text-sm font-medium">
        Repeat new password
        <input name="repeatPassword" type="password" autoComplete="new-password" required className={input} />
      </label>
      {mismatch ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          The two new passwords differ.
        </p>
      ) : (
        <FormError error={change.error} labels={{ ...LABELS, currentPassword: forced ? "One-time password" : LABELS.currentPassword }} />
      )}
      <button
        type="submit"
        disabled={change.isPending}
        className="w-full rounded-md bg-sky-600 px-3 py-2 text-sm font-medium text-white hover:bg-sky-700 disabled:opacity-60"
      >
        {change.isPending ? "Saving…" : "Save password"}
      </button>
      {!forced && (
        <Link href="/" className="block text-center text-sm text-sky-700 hover:underline dark:text-sky-400">
          Back to the dashboard
        </Link>
      )}
    </form>
  );
}
