"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/app/_trpc/client";

const field = "mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";
const button = "rounded-md bg-sky-600 px-3 py-1.5 text-sm text-white disabled:opacity-60";

async function post(path: string, body: unknown): Promise<{ ok: boolean; body: Record<string, unknown> }> {
  const response = await fetch(`/api/auth${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { ok: response.ok, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

/** The secret an authenticator app needs, from the otpauth URI (for typing in when there is no QR scanner). */
const secretOf = (uri: string) => new URL(uri).searchParams.get("secret") ?? "";

interface Enrolment {
  totpURI: string;
  backupCodes: string[];
}

function Confirm({ enrolment, onConfirmed }: { enrolment: Enrolment; onConfirmed: () => void }) {
  const [error, setError] = useState<string | null>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await post("/two-factor/verify-totp", { code: String(new FormData(event.currentTarget).get("code")).trim() });
    if (result.ok) onConfirmed();
    else setError(String(result.body.message ?? "Wrong code. Check the secret in your app and try again."));
  }
  return (
    <div className="space-y-3 text-sm">
      <p>Add this account to your authenticator app with the secret below (or the otpauth URI), then type the code it shows.</p>
      <p>
        Secret:{" "}
        <code data-testid="totp-secret" className="font-mono font-semibold">
          {secretOf(enrolment.totpURI)}
        </code>
      </p>
      <p className="break-all">
        URI:{" "}
        <code data-testid="totp-uri" className="font-mono">
          {enrolment.totpURI}
        </code>
      </p>
      <div className="rounded-md bg-amber-50 p-2 dark:bg-amber-950">
        <p className="font-medium">Recovery codes — each works once if you lose the app. They are shown only now:</p>
        <ul data-testid="recovery-codes" className="mt-1 grid grid-cols-2 gap-1 font-mono sm:grid-cols-5">
          {enrolment.backupCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
      </div>
      <form onSubmit={onSubmit} aria-label="Confirm two-factor" className="flex items-end gap-2">
        <label>
          Code from the app <input name="code" inputMode="numeric" autoComplete="one-time-code" required className={field} />
        </label>
        <button type="submit" className={button}>
          Confirm
        </button>
      </form>
      {error && (
        <p role="alert" className="text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}

/** Enrolment and state; `onEnrolled` runs after the confirming code (the forced setup page goes on to the dashboard). */
export function TwoFactor({ onEnrolled }: { onEnrolled?: () => void } = {}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const state = useQuery(trpc.session.twoFactor.queryOptions());
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function onStart(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await post("/two-factor/enable", { password: String(new FormData(event.currentTarget).get("password")) });
    if (result.ok) setEnrolment(result.body as unknown as Enrolment);
    else setError(String(result.body.message ?? "Could not start: check your password."));
  }
  const confirmed = () => {
    setEnrolment(null);
    onEnrolled?.();
    void queryClient.invalidateQueries({ queryKey: trpc.session.twoFactor.queryKey() });
  };
  return (
    <section className="mb-8 max-w-3xl">
      <h2 className="mb-2 text-lg font-semibold">Two-factor sign-in</h2>
      {state.data?.enabled ? (
        <p className="text-sm" role="status">
          On: signing in asks for a code from your authenticator app (or a recovery code).
        </p>
      ) : enrolment ? (
        <Confirm enrolment={enrolment} onConfirmed={confirmed} />
      ) : (
        <form onSubmit={onStart} aria-label="Set up two-factor" className="flex items-end gap-2 text-sm">
          {state.data?.required && <p className="w-full font-medium">Your account requires two-factor sign-in: set it up to continue.</p>}
          <label>
            Your password <input name="password" type="password" autoComplete="current-password" required className={field} />
          </label>
          <button type="submit" className={button}>
            Set up two-factor sign-in
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </section>
  );
}
