/** How close usage is to a limit: a bar with the percentage, amber from 75 %, red from 90 %. */
export interface LimitBarProps {
  label: string;
  used: number;
  limit: number;
  format(value: number): string;
}

export function limitPercent(used: number, limit: number): number {
  return limit > 0 ? (used / limit) * 100 : 0;
}

function tone(percent: number): string {
  if (percent >= 90) return "bg-red-500";
  if (percent >= 75) return "bg-amber-500";
  return "bg-sky-500";
}

export function LimitBar({ label, used, limit, format }: LimitBarProps) {
  const percent = limitPercent(used, limit);
  const shown = Math.round(percent);
  return (
    <div className="text-xs">
      <div className="flex justify-between gap-2">
        <span>{label}</span>
        <span className="tabular-nums text-slate-600 dark:text-slate-300">
          {format(used)} of {format(limit)} · {shown}%
        </span>
      </div>
      <div
        role="meter"
        aria-label={`${label} against its limit`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(100, shown)}
        aria-valuetext={`${shown}% (${format(used)} of ${format(limit)})`}
        className="mt-0.5 h-1.5 overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
      >
        <div className={`h-full ${tone(percent)}`} style={{ width: `${Math.min(100, percent)}%` }} />
      </div>
    </div>
  );
}
