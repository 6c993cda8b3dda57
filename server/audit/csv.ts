export interface AuditCsvRow {
  at: Date;
  actorId: string | null;
  actorName: string;
  action: string;
  targetType: string;
  target: string;
  result: string;
  message: string | null;
  details: string | null;
}

export const AUDIT_CSV_COLUMNS = ["at", "actor_id", "actor", "action", "target_type", "target", "result", "message", "details"] as const;

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
    ]
      .map(cell)
      .join(","),
  );
  return [AUDIT_CSV_COLUMNS.join(","), ...lines].join("\r\n") + "\r\n";
}
