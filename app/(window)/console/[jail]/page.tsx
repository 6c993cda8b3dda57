import type { Metadata } from "next";
import Link from "next/link";
import { ConsolePanel } from "@/app/_components/console/console-panel";

interface Props {
  params: Promise<{ jail: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Console — ${decodeURIComponent((await params).jail)}` };
}

/** A jail's console filling the window; it reattaches to the tab's last session there, or opens one. */
export default async function ConsoleWindowPage({ params }: Props) {
  const jail = decodeURIComponent((await params).jail);
  return (
    <>
      <header className="flex items-center gap-3 text-sm">
        <h1 className="font-semibold">Console — {jail}</h1>
        <Link className="text-sky-700 underline dark:text-sky-300" href={`/jails/${encodeURIComponent(jail)}`}>
          Back to the jail
        </Link>
      </header>
      <ConsolePanel jail={jail} start={{ kind: "resume" }} fill />
    </>
  );
}
