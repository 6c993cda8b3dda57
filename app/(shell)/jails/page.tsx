import type { Metadata } from "next";
import { Coming } from "@/app/_components/coming";

export const metadata: Metadata = { title: "Jails" };

export default function JailsPage() {
  return <Coming title="Jails" what="the jail list with create, start, stop, restart, destroy and parameters." />;
}
