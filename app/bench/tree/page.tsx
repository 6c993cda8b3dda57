import { notFound } from "next/navigation";
import { connection } from "next/server";
import { BenchTree } from "./bench-tree";

export const metadata = { title: "Tree benchmark" };

/** Only for `npm run bench`: the web must be started with STOCKADE_BENCH_PAGES=1. */
export default async function BenchTreePage() {
  await connection();
  if (process.env.STOCKADE_BENCH_PAGES !== "1") notFound();
  return (
    <main className="p-4">
      <h1 className="mb-3 text-lg font-semibold">Process tree benchmark (synthetic host)</h1>
      <BenchTree />
    </main>
  );
}
