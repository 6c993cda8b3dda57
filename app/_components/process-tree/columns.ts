import type { SortKey } from "./tree-view";

export interface Column {
  key: SortKey;
  label: string;
  /** Numbers align right so digits line up, as in htop. */
  numeric: boolean;
}

export const COLUMNS: readonly Column[] = [
  { key: "pid", label: "PID", numeric: true },
  { key: "pidInJail", label: "Jail PID", numeric: true },
  { key: "user", label: "User", numeric: false },
  { key: "state", label: "State", numeric: false },
  { key: "cpu", label: "CPU", numeric: true },
  { key: "memory", label: "Memory", numeric: true },
  { key: "started", label: "Started", numeric: false },
  { key: "command", label: "Command", numeric: false },
];

/** One template for the header and every row, so the columns line up without a <table>. */
export const GRID_COLUMNS = "grid grid-cols-[4rem_4rem_6rem_3rem_3.75rem_5rem_3.75rem_minmax(16rem,1fr)] gap-x-3";

export const ROW_HEIGHT = 28;
