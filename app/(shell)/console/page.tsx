import type { Metadata } from "next";
import { Coming } from "@/app/_components/coming";

export const metadata: Metadata = { title: "Console" };

export default function ConsolePage() {
  return <Coming title="Console" what="a terminal into any jail in the browser." />;
}
