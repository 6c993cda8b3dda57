import type { PostureFinding, Severity } from "@/shared/posture";

const SEVERITY_TONE: Record<Severity, string> = {
  high: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
  medium: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100",
  low: "bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`rounded px-1.5 py-0.5 text-xs font-semibold uppercase ${SEVERITY_TONE[severity]}`}>{severity}</span>;
}

/** The worst finding's severity and how many there are; each finding's reason in the tooltip. */
export function PostureSummary({ findings }: { findings: PostureFinding[] }) {
  const worst = findings[0];
  if (!worst) return <span className="text-xs text-emerald-700 dark:text-emerald-400">no findings</span>;
  const details = findings.map((f) => `${f.severity}: ${f.parameter} — ${f.reason}`).join("\n");
  const label = `${findings.length} posture finding${findings.length === 1 ? "" : "s"}, worst ${worst.severity}: ${findings.map((f) => f.parameter).join(", ")}`;
  return (
    // Badge over parameter: side by side they make the jails list's widest column.
    <span className="flex flex-col items-start gap-0.5" title={details} aria-label={label}>
      <SeverityBadge severity={worst.severity} />
      <span className="flex max-w-28 gap-1 text-xs text-slate-600 dark:text-slate-400">
        <span className="truncate">{worst.parameter}</span>
        {findings.length > 1 && <span>+{findings.length - 1}</span>}
      </span>
    </span>
  );
}
