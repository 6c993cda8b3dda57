import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { TrpcProviders } from "@/app/_trpc/client";
import { callerFromHeaders } from "@/server/api/context";

export const dynamic = "force-dynamic";

/** Pages that take the whole window (a console): signed-in only, no navigation around them. */
export default async function WindowLayout({ children }: { children: ReactNode }) {
  const caller = await callerFromHeaders(await headers());
  if (!caller) redirect("/login");
  if (caller.mustChangePassword) redirect("/change-password");
  if (caller.mustEnrolTwoFactor) redirect("/two-factor-setup");
  return (
    <TrpcProviders>
      <main className="flex h-screen flex-col gap-2 p-3">{children}</main>
    </TrpcProviders>
  );
}
