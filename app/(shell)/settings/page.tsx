import type { Metadata } from "next";
import { Coming } from "@/app/_components/coming";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return <Coming title="Settings" what="host and agent settings." />;
}
