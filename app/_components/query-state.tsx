import type { UseQueryResult } from "@tanstack/react-query";

/** Loading and error states, said the same way on every page. */
export function QueryState({ query, what }: { query: UseQueryResult<unknown, { message: string }>; what: string }) {
  if (query.isError) {
    return (
      <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
        Could not load {what}: {query.error.message}
      </p>
    );
  }
  return (
    <p className="text-sm text-slate-500" aria-busy="true">
      Loading {what}…
    </p>
  );
}
