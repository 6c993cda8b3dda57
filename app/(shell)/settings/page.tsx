import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { Coming } from "@/app/_components/coming";
import { NAV_ITEMS } from "@/app/_components/nav-items";
import { callerFromHeaders } from "@/server/api/context";
import { hasAnywhere } from "@/server/auth/permissions";
import { LOCAL_HOST_ID } from "@/server/hosts";

export const metadata: Metadata = { title: "Settings" };

/** Only for those the nav shows it to: a page nobody else can use is not there for them. */
export default async function SettingsPage() {
  const caller = await callerFromHeaders(await headers());
  const needs = NAV_ITEMS.find((item) => item.href === "/settings")?.needs;
  if (!caller || (needs && !hasAnywhere(caller.grants, needs, LOCAL_HOST_ID))) notFound();
  return <Coming title="Settings" what="host and agent settings." />;
}
