import type { Metadata } from "next";
import { AuditTable } from "./audit-table";

export const metadata: Metadata = { title: "Audit" };

export default function AuditPage() {
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">Audit log</h1>
      <AuditTable />
    </section>
  );
}
