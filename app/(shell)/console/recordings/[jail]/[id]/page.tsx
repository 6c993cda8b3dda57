import type { Metadata } from "next";
import { RecordingView } from "./recording-view";

interface Props {
  params: Promise<{ jail: string; id: string }>;
}

export const metadata: Metadata = { title: "Console recording" };

export default async function RecordingPage({ params }: Props) {
  const { jail, id } = await params;
  return <RecordingView jail={decodeURIComponent(jail)} id={id} />;
}
