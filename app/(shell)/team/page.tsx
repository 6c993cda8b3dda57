import type { Metadata } from "next";
import { ApiTokens } from "./api-tokens";
import { RolesTable } from "./roles-table";
import { TeamPanel } from "./team-panel";

export const metadata: Metadata = { title: "Team" };

export default function TeamPage() {
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">Team</h1>
      <TeamPanel />
      <ApiTokens />
      <RolesTable />
    </section>
  );
}
