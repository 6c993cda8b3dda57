export interface AuditCsvRow {
  at: Date;
  actorId: string | null;
  actorName: string;
  action: string;
  hostId: string | null;
  targetType: string;
  target: string;
  result: string;
  message: string | null;
  details: string | null;
}

/** `host` comes last: it was added with the fleet, and a column appended breaks no existing reader of the file. */
export const AUDIT_CSV_COLUMNS = [
  "at",
  "actor_id",
  "actor",
  "action",
  "target_type",
  "target",
  "result",
  "message",
  "details",
  "host",
] as const;

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet never runs a cell as a formula. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function auditCsv(rows: readonly AuditCsvRow[]): string {
  const lines = rows.map((row) =>
    [
      row.at.toISOString(),
      row.actorId ?? "",
      row.actorName,
      row.action,
      row.targetType,
      row.target,
      row.result,
      row.message ?? "",
      row.details ?? "",
      row.hostId ?? "",
    ]
      .map(cell)
      .join(","),
  );
  return [AUDIT_CSV_COLUMNS.join(","), ...lines].join("\r\n") + "\r\n";
}
