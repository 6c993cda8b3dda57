import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { TrpcProviders } from "@/app/_trpc/client";
import { callerFromHeaders } from "@/server/api/context";
import { EnrolThenEnter } from "./enrol-then-enter";

export const metadata: Metadata = { title: "Set up two-factor sign-in" };
export const dynamic = "force-dynamic";

/** Where a user whose account requires two-factor sign-in lands until they have set it up. */
export default async function TwoFactorSetupPage() {
  const caller = await callerFromHeaders(await headers());
  if (!caller) redirect("/login");
  if (caller.mustChangePassword) redirect("/change-password");
  if (!caller.mustEnrolTwoFactor) redirect("/account");
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-2xl rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h1 className="mb-1 text-2xl font-semibold">Set up two-factor sign-in</h1>
        <p className="mb-6 text-sm text-slate-500 dark:text-slate-400">
          Signed in as {caller.username}. Your account requires a second factor.
        </p>
        <TrpcProviders>
          <EnrolThenEnter />
        </TrpcProviders>
      </div>
    </main>
  );
}
