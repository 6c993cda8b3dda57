"use client";

import { useState, type FormEvent } from "react";
import { FormError, SubmitButton } from "./form-parts";

/** Answers the second step of a sign-in: null when it succeeded, else what to tell the user. */
async function verify(code: string, recovery: boolean): Promise<string | null> {
  const path = recovery ? "/api/auth/two-factor/verify-backup-code" : "/api/auth/two-factor/verify-totp";
  const response = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code }) });
  if (response.ok) return null;
  const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
  if (response.status === 429) return body.message ?? "Too many sign-in attempts. Wait a minute and try again.";
  if (body.code === "TOTP_CODE_REPLAYED") return body.message ?? "This code was already used.";
  if (body.code === "INVALID_TWO_FACTOR_COOKIE") return "This sign-in has expired. Start again with your password.";
  if (response.status === 401) return recovery ? "Wrong recovery code." : "Wrong code. Check your authenticator and try again.";
  return body.message ?? `Sign-in failed (HTTP ${response.status}). Try again.`;
}

/** After the password: a code from the authenticator app, or one of the recovery codes. */
export function SecondStepForm({ onDone, inputClass }: { onDone: () => void; inputClass: string }) {
  const [recovery, setRecovery] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code")).trim();
    setPending(true);
    setError(null);
    const failure = await verify(code, recovery).catch(() => "Cannot reach Stockade. Check that it is running.");
    setPending(false);
    if (failure) return setError(failure);
    onDone();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Second step" noValidate>
      <label className="block text-sm font-medium">
        {recovery ? "Recovery code" : "Code from your authenticator app"}
        <input
          name="code"
          autoComplete="one-time-code"
          inputMode={recovery ? "text" : "numeric"}
          required
          autoFocus
          className={inputClass}
        />
      </label>
      <FormError error={error} />
      <SubmitButton pending={pending} label="Verify" pendingLabel="Checking…" />
      <button type="button" onClick={() => setRecovery((value) => !value)} className="text-sm text-sky-700 underline dark:text-sky-400">
        {recovery ? "Use a code from the authenticator app" : "Use a recovery code instead"}
      </button>
    </form>
  );
}
