import { SeverityBadge } from "@/app/_components/posture/severity-badge";
import { assessPosture, type PostureFinding } from "@/shared/posture";
import type { Jail, JailParameters as Parameters } from "@/server/agent/protocol";

type Sources = NonNullable<Jail["parameterSources"]>;

/** "/etc/jail.conf:12", and each later "+=" line of the same value. */
function sourceText(sources: Sources[string] | undefined): string {
  return (sources ?? []).map((source) => `${source.file}:${source.line}`).join(", ");
}

function Findings({ findings }: { findings: PostureFinding[] }) {
  if (findings.length === 0) return <p className="text-sm text-emerald-700 dark:text-emerald-400">No risky parameters found.</p>;
  return (
    <ul aria-label="Security findings" className="flex flex-col gap-2">
      {findings.map((finding) => (
        <li key={finding.parameter} className="flex flex-wrap items-baseline gap-2 text-sm">
          <SeverityBadge severity={finding.severity} />
          <code className="font-mono text-xs">
            {finding.parameter} = {String(finding.value)}
          </code>
          <span>{finding.reason}</span>
        </li>
      ))}
    </ul>
  );
}

/** Every parameter, with the risky ones explained first (severity and why). */
export function JailParameters({ parameters, sources }: { parameters: Parameters; sources?: Sources }) {
  const findings = assessPosture(parameters);
  const flagged = new Map(findings.map((finding) => [finding.parameter, finding.severity]));
  const entries = Object.entries(parameters).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="flex flex-col gap-4">
      <Findings findings={findings} />
      <details className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <summary className="cursor-pointer px-3 py-2 text-sm font-medium">All {entries.length} parameters</summary>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Parameters</caption>
          <thead className="text-xs text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-1 font-normal">
                Parameter
              </th>
              <th scope="col" className="px-3 py-1 font-normal">
                Value
              </th>
              <th scope="col" className="px-3 py-1 font-normal">
                Risk
              </th>
              {sources && (
                <th scope="col" className="px-3 py-1 font-normal">
                  Set in
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {entries.map(([name, value]) => {
              const severity = flagged.get(name);
              return (
                <tr key={name} className="border-t border-slate-200 dark:border-slate-800">
                  <th scope="row" className="px-3 py-1 font-mono text-xs font-normal">
                    {name}
                  </th>
                  <td className="px-3 py-1 font-mono text-xs">{String(value)}</td>
                  <td className="px-3 py-1">{severity && <SeverityBadge severity={severity} />}</td>
                  {sources && <td className="px-3 py-1 font-mono text-xs text-slate-500">{sourceText(sources[name])}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      </details>
    </div>
  );
}
