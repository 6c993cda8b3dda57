import type { ReactNode } from "react";

const LAYOUTS = {
  /** The label small and above its value: the host strip, the jail header. */
  stacked: { item: "min-w-0", label: "text-xs uppercase text-slate-500", value: "break-words text-sm" },
  /** The label in a fixed column beside its value: detail panels. */
  beside: { item: "grid grid-cols-[6.5rem_1fr] gap-2 py-0.5", label: "text-slate-500", value: "min-w-0 break-words" },
};

export interface FactProps {
  label: string;
  /** A tooltip for the whole fact, e.g. where a figure comes from. */
  title?: string;
  layout?: keyof typeof LAYOUTS;
  /** Extra classes for the item, e.g. a grid span. */
  className?: string;
  children: ReactNode;
}

/** One labelled value of a <dl>. */
export function Fact({ label, title, layout = "stacked", className = "", children }: FactProps) {
  const classes = LAYOUTS[layout];
  return (
    <div className={`${classes.item} ${className}`.trim()} title={title}>
      <dt className={classes.label}>{label}</dt>
      <dd className={classes.value}>{children}</dd>
    </div>
  );
}
