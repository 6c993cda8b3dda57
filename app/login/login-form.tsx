"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormError, SubmitButton } from "./form-parts";
import { SecondStepForm } from "./second-step-form";

/** "signed-in", "second-step" (the account has two-factor sign-in), or what to tell the user. */
async function signIn(username: string, password: string): Promise<string> {
  const response = await fetch("/api/auth/sign-in/username", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (response.ok) {
    const body = (await response.json().catch(() => ({}))) as { twoFactorRedirect?: boolean };
    return body.twoFactorRedirect ? "second-step" : "signed-in";
  }
  if (response.status === 429) {
    const seconds = response.headers.get("x-retry-after") ?? "60";
    return `Too many sign-in attempts. Try again in ${seconds} seconds.`;
  }
  if (response.status === 401 || response.status === 422) return "Wrong username or password.";
  // 403: a disabled account; 503: the database is unreachable. Both say why in the body.
  if (response.status === 403 || response.status === 503)
    return ((await response.json().catch(() => ({}))) as { message?: string }).message ?? "Sign-in refused.";
  return `Sign-in failed (HTTP ${response.status}). Try again.`;
}

export function LoginForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [secondStep, setSecondStep] = useState(false);

  function enter() {
    router.replace("/");
    router.refresh();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const outcome = await signIn(String(form.get("username")), String(form.get("password"))).catch(
      () => "Cannot reach Stockade. Check that it is running.",
    );
    setPending(false);
    if (outcome === "second-step") return setSecondStep(true);
    if (outcome !== "signed-in") return setError(outcome);
    enter();
  }

  const input =
    "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:border-sky-500 focus:outline-none focus:ring-2 focus:ring-sky-500/30 dark:border-slate-700 dark:bg-slate-950";
  if (secondStep) return <SecondStepForm onDone={enter} inputClass={input} />;
  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Sign in" noValidate>
      <label className="block text-sm font-medium">
        Username
        <input name="username" autoComplete="username" required autoFocus className={input} />
      </label>
      <label className="block text-sm font-medium">
        Password
        <input name="password" type="password" autoComplete="current-password" required className={input} />
      </label>
      <FormError error={error} />
      <SubmitButton pending={pending} label="Sign in" pendingLabel="Signing in…" />
    </form>
  );
}
