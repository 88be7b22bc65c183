import type { AuditRow } from "../store/store.js";
import { printable } from "../text/printable.js";
import type { AuditFormat } from "./parse-audit-query.js";

/**
 * Audit rows as text: `table` (aligned columns for a terminal, every cell made printable; "no
 * audit rows match" when empty), `json` (one object per line, terminal-safe) or `csv` (RFC 4180
 * with a header line, safe to open in a spreadsheet). Agent-written text is hostile in all three.
 */
export function formatAudit(rows: readonly AuditRow[], format: AuditFormat): string {
  switch (format) {
    case "table":
      return rows.length === 0 ? "no audit rows match\n" : lines(table(rows));
    case "json":
      return lines(rows.map(jsonLine));
    case "csv":
      // RFC 4180 ends records with CRLF.
      return [CSV_COLUMNS.map((c) => c.title), ...rows.map((row) => CSV_COLUMNS.map((c) => c.cell(row)))]
        .map((cells) => `${cells.map(csvCell).join(",")}\r\n`)
        .join("");
    default: {
      const never: never = format;
      throw new Error(`unknown audit format ${String(never)}`);
    }
  }
}

const lines = (items: readonly string[]) => items.map((line) => `${line}\n`).join("");

const TABLE_COLUMNS: { title: string; cell: (row: AuditRow) => string; max: number }[] = [
  { title: "ID", cell: (r) => String(r.id), max: 10 },
  { title: "AT", cell: (r) => r.at, max: 24 },
  { title: "REPO", cell: (r) => r.repo, max: 40 },
  { title: "ACTOR", cell: (r) => `${r.actor} (${r.actorKind})`, max: 40 },
  { title: "ACTION", cell: (r) => r.action, max: 40 },
  {
    title: "TARGET",
    cell: (r) => (r.targetNumber !== null ? `#${r.targetNumber}` : r.targetSha !== null ? r.targetSha.slice(0, 7) : "-"),
    max: 12,
  },
  { title: "VERDICT", cell: (r) => r.verdict, max: 16 },
  { title: "REASONS", cell: (r) => r.reasons.join("; ") || "-", max: 160 },
];

/** Rows as aligned columns; the last column is not padded. Every cell is made printable first. */
function table(rows: readonly AuditRow[]): string[] {
  const cells = [TABLE_COLUMNS.map((c) => c.title), ...rows.map((row) => TABLE_COLUMNS.map((c) => printable(c.cell(row), c.max)))];
  const widths = TABLE_COLUMNS.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)));
  return cells.map((line) =>
    line
      .map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
}

/**
 * JSON.stringify already escapes C0 controls; this also escapes C1 controls, bidi overrides,
 * zero-width and line-separator characters, so a line printed to a terminal shows what it holds
 * and parses to the same value.
 */
function jsonLine(row: AuditRow): string {
  return JSON.stringify(row).replace(
    /[\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Every stored field, one column each; lists and objects as JSON. */
const CSV_COLUMNS: { title: string; cell: (row: AuditRow) => string }[] = [
  { title: "id", cell: (r) => String(r.id) },
  { title: "at", cell: (r) => r.at },
  { title: "delivery_id", cell: (r) => r.deliveryId ?? "" },
  { title: "org", cell: (r) => r.org },
  { title: "repo", cell: (r) => r.repo },
  { title: "actor", cell: (r) => r.actor },
  { title: "actor_kind", cell: (r) => r.actorKind },
  { title: "action", cell: (r) => r.action },
  { title: "target_number", cell: (r) => (r.targetNumber === null ? "" : String(r.targetNumber)) },
  { title: "target_node_id", cell: (r) => r.targetNodeId ?? "" },
  { title: "target_url", cell: (r) => r.targetUrl ?? "" },
  { title: "target_sha", cell: (r) => r.targetSha ?? "" },
  { title: "verdict", cell: (r) => r.verdict },
  { title: "reasons", cell: (r) => r.reasons.join("; ") },
  { title: "effects", cell: (r) => JSON.stringify(r.effects) },
  { title: "detail", cell: (r) => JSON.stringify(r.detail) },
];

/**
 * One CSV cell. A spreadsheet runs a cell that starts with = + - @, a tab or a carriage return as
 * a formula (OWASP "CSV injection"): such a cell gets a leading `'`, and is quoted. Control,
 * bidi and zero-width characters (other than a newline or a tab) become visible `\uXXXX`, as in
 * the other formats, so that a CSV printed to a terminal cannot rewrite it. A cell holding a
 * comma, a quote or a line break is quoted, its quotes doubled (RFC 4180).
 */
function csvCell(value: string): string {
  const neutral = /^[=+\-@\t\r]/.test(value);
  const visible = (neutral ? `'${value}` : value).replace(/\r\n/g, "\n").replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return neutral || /[",\n\t]/.test(visible) ? `"${visible.replace(/"/g, '""')}"` : visible;
}
