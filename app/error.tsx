"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="max-w-prose text-sm text-slate-500">
        {error.digest ? `The server logged this error as ${error.digest}.` : error.message}
      </p>
      <button type="button" onClick={reset} className="rounded-md bg-sky-600 px-3 py-2 text-sm text-white hover:bg-sky-700">
        Try again
      </button>
    </main>
  );
}
