import type { Jail } from "@/server/agent/protocol";

const MANAGERS: Record<NonNullable<Jail["managedBy"]>, string> = { bastille: "BastilleBSD" };

/** Where jail(8) reads this jail from, who else manages it, and what jail(8) would refuse. */
export function JailConfigOrigin({ jail }: { jail: Jail }) {
  if (!jail.configFile) return null;
  const problems = jail.configProblems ?? [];
  return (
    <section aria-label="Configuration file" className="flex flex-col gap-2 text-sm">
      <p>
        Defined in <code className="font-mono text-xs">{jail.configFile}</code>
        {jail.managedBy && (
          <>
            {" "}
            · managed by <strong>{MANAGERS[jail.managedBy]}</strong> (Stockade starts and stops it with the same file)
          </>
        )}
      </p>
      {problems.length > 0 && (
        <ul
          aria-label="Configuration problems"
          className="rounded border border-red-300 bg-red-50 p-2 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {problems.map((problem) => (
            <li key={`${problem.file}:${problem.line}:${problem.message}`}>
              <code className="font-mono text-xs">
                {problem.file}:{problem.line}
              </code>{" "}
              {problem.message} — jail(8) would refuse to start this jail.
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
