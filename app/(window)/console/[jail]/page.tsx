import type { Metadata } from "next";
import { HostLink } from "@/app/_components/host-link";
import { ConsolePanel } from "@/app/_components/console/console-panel";

interface Props {
  params: Promise<{ jail: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Console — ${decodeURIComponent((await params).jail)}` };
}

/** A jail's console (on `?host=`'s host) filling the window; it reattaches to the tab's last session there, or opens one. */
export default async function ConsoleWindowPage({ params }: Props) {
  const jail = decodeURIComponent((await params).jail);
  return (
    <>
      <header className="flex items-center gap-3 text-sm">
        <h1 className="font-semibold">Console — {jail}</h1>
        <HostLink className="text-sky-700 underline dark:text-sky-300" href={`/jails/${encodeURIComponent(jail)}`}>
          Back to the jail
        </HostLink>
      </header>
      <ConsolePanel jail={jail} start={{ kind: "resume" }} fill />
    </>
  );
}
