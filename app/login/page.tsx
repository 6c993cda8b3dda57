import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "@/server/auth/auth";
import { DATABASE_UNREACHABLE_MESSAGE, isDatabaseUnreachable } from "@/server/db/unreachable";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

/** Without the database there is no session to look up: the page still shows, saying why sign-in is refused. */
async function sessionState(): Promise<"signed-in" | "signed-out" | "database-unreachable"> {
  try {
    return (await auth().api.getSession({ headers: await headers() })) ? "signed-in" : "signed-out";
  } catch (error) {
    if (isDatabaseUnreachable(error)) return "database-unreachable";
    throw error;
  }
}

export default async function LoginPage() {
  const state = await sessionState();
  if (state === "signed-in") redirect("/");
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h1 className="mb-1 text-2xl font-semibold">Stockade</h1>
        <p className="mb-6 text-sm text-slate-500 dark:text-slate-400">Sign in to manage this jail host.</p>
        {state === "database-unreachable" && (
          <p role="alert" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
            {DATABASE_UNREACHABLE_MESSAGE}
          </p>
        )}
        <LoginForm />
      </div>
    </main>
  );
}
