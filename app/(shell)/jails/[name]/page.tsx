import type { Metadata } from "next";
import { HostGate } from "@/app/_components/host-bar";
import { JailView } from "./jail-view";

interface Props {
  params: Promise<{ name: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Jail ${(await params).name}` };
}

export default async function JailPage({ params }: Props) {
  const { name } = await params;
  return (
    <HostGate page="/jails">
      <JailView name={decodeURIComponent(name)} />
    </HostGate>
  );
}
