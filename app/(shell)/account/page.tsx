import type { Metadata } from "next";
import { OwnSessions } from "./own-sessions";
import { TwoFactor } from "@/app/_components/two-factor-setup";

export const metadata: Metadata = { title: "Your account" };

/** Every signed-in user's own page: where they are signed in (and, with two-factor, how). */
export default function AccountPage() {
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">Your account</h1>
      <TwoFactor />
      <OwnSessions />
    </section>
  );
}
