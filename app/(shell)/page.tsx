import type { Metadata } from "next";
import { Coming } from "@/app/_components/coming";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  return <Coming title="Overview" what="the live process tree with jails as subtrees, the jails panel and usage history." />;
}
