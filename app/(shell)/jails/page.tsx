import type { Metadata } from "next";
import { JailsTable } from "./jails-table";

export const metadata: Metadata = { title: "Jails" };

export default function JailsPage() {
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Jails</h1>
      <JailsTable />
    </section>
  );
}
