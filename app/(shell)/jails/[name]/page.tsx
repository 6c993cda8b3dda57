import type { Metadata } from "next";
import { JailView } from "./jail-view";

interface Props {
  params: Promise<{ name: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Jail ${(await params).name}` };
}

export default async function JailPage({ params }: Props) {
  const { name } = await params;
  return <JailView name={decodeURIComponent(name)} />;
}
