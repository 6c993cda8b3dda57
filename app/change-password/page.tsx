import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { TrpcProviders } from "@/app/_trpc/client";
import { callerFromHeaders } from "@/server/api/context";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Choose a password" };
export const dynamic = "force-dynamic";

export default async function ChangePasswordPage() {
  const caller = await callerFromHeaders(await headers());
  if (!caller) redirect("/login");
  const forced = caller.mustChangePassword === true;
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h1 className="mb-1 text-2xl font-semibold">{forced ? "Choose your password" : "Change your password"}</h1>
        <p className="mb-6 text-sm text-slate-500 dark:text-slate-400">
          {forced
            ? `Signed in as ${caller.username} with a one-time password: it works for this sign-in only. Choose your own password to continue.`
            : `Signed in as ${caller.username}.`}
        </p>
        <TrpcProviders>
          <ChangePasswordForm forced={forced} />
        </TrpcProviders>
      </div>
    </main>
  );
}
