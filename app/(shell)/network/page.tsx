import type { Metadata } from "next";
import { Coming } from "@/app/_components/coming";

export const metadata: Metadata = { title: "Network" };

export default function NetworkPage() {
  return <Coming title="Network" what="the IP table — host addresses, jail aliases, the pool, conflicts and free addresses." />;
}
