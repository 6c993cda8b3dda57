/** A tiny inline trend line: no axes, no library, cheap enough for every jail card. */
export interface SparklineProps {
  values: number[];
  label: string;
  /** The value the top of the box stands for; the series' own maximum when omitted. */
  max?: number;
  width?: number;
  height?: number;
  className?: string;
}

export function sparklinePoints(values: number[], width: number, height: number, max?: number): string {
  if (values.length === 0) return "";
  // Headroom above the highest value, so a steady series reads as steady rather than pinned to the top.
  const top = max ?? (Math.max(...values) * 1.25 || 1);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((value, index) => `${(index * step).toFixed(1)},${(height - 1 - (Math.max(0, value) / top) * (height - 2)).toFixed(1)}`)
    .join(" ");
}

export function Sparkline({ values, label, max, width = 120, height = 28, className = "text-sky-600 dark:text-sky-400" }: SparklineProps) {
  if (values.length < 2) {
    return (
      <span className="inline-block text-xs text-slate-400" style={{ width }}>
        no history yet
      </span>
    );
  }
  return (
    <svg role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className={className}>
      <polyline
        points={sparklinePoints(values, width, height, max)}
        fill="none"
        stroke="currentColor"
        strokeWidth={1.5}
        strokeLinejoin="round"
      />
    </svg>
  );
}
