import { HostLink } from "@/app/_components/host-link";
import { Sparkline } from "@/app/_components/charts/sparkline";
import { FIGURES, formatCpus, type Figure } from "@/app/_components/figures";
import { formatBytes } from "@/app/_components/process-tree/format";
import { JailStateBadge } from "@/app/_components/jails/jail-state";
import { JailLimits } from "@/app/_components/jails/jail-limits";
import { addressesOf, type JailOverview } from "@/app/_components/jails/use-jails-overview";

function Trends({ row }: { row: JailOverview }) {
  const { spark, usage } = row;
  const trend = (figure: Figure, values: number[], latest: string) => (
    <div className="flex items-center justify-between gap-2 text-xs" title={figure.source}>
      <span className="w-28 whitespace-nowrap text-slate-500">{figure.label}</span>
      {/* Low enough that the three trends take three text lines: the tree below stays on the first screen. */}
      <Sparkline values={values} label={`${figure.label} over the last 10 minutes, now ${latest}`} height={16} />
      <span className="w-16 text-right tabular-nums">{latest}</span>
    </div>
  );
  return (
    <div className="flex flex-col gap-0.5">
      {trend(
        FIGURES.jailCpu,
        spark.map((p) => p.cpuPercent),
        formatCpus(usage?.cpuPercent ?? 0),
      )}
      {trend(
        FIGURES.jailMemory,
        spark.map((p) => p.memoryBytes),
        formatBytes(usage?.memoryBytes ?? 0),
      )}
      {trend(
        FIGURES.jailProcesses,
        spark.map((p) => p.processCount),
        String(usage?.processCount ?? 0),
      )}
    </div>
  );
}

/** One jail at a glance; the whole card opens the jail's page on the overview's host. */
export function JailCard({ row }: { row: JailOverview }) {
  const { jail } = row;
  return (
    <li
      aria-label={`jail ${jail.name}`}
      className="relative flex flex-col gap-2 rounded-lg border border-slate-200 bg-white px-4 py-3 hover:border-sky-400 dark:border-slate-800 dark:bg-slate-900 dark:hover:border-sky-600"
    >
      <div className="flex items-start justify-between gap-2">
        <div className="flex min-w-0 items-baseline gap-2">
          <HostLink href={`/jails/${jail.name}`} className="font-semibold text-sky-800 after:absolute after:inset-0 dark:text-sky-300">
            {jail.name}
          </HostLink>
          <span className="truncate text-xs text-slate-500" title="Hostname">
            {jail.hostname}
          </span>
        </div>
        <div className="flex shrink-0 items-center gap-2 text-xs text-slate-500">
          {jail.jid !== null && <span>JID {jail.jid}</span>}
          <JailStateBadge state={jail.state} />
        </div>
      </div>
      <dl className="grid grid-cols-[auto_minmax(0,1fr)_auto_auto] gap-x-2 text-xs">
        <dt className="text-slate-500">Addresses</dt>
        <dd className="truncate font-mono" title={addressesOf(jail)}>
          {addressesOf(jail)}
        </dd>
        <dt className="text-slate-500">Template</dt>
        <dd className="truncate">{jail.template ?? "—"}</dd>
      </dl>
      <Trends row={row} />
      <JailLimits jail={jail} usage={row.usage} />
    </li>
  );
}
