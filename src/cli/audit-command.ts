import { parseArgs } from "node:util";
import { openStore } from "../store/open-store.js";
import type { AuditFilter, AuditRow } from "../store/store.js";
import { lineOutput, type LineOutput } from "./line-output.js";
import { printable } from "../text/printable.js";

const DEFAULT_LIMIT = 100;

const USAGE = `usage: agent-guardrails audit [--db URL] [filters] [--json]

Reads the audit log from --db, else DATABASE_URL, else ./data/guardrails.db.
URL: a SQLite file path (or sqlite:PATH) or postgres://user@host/db.

filters (ANDed):
  --repo OWNER/NAME     one repository
  --org ORG             one organization
  --actor LOGIN         one actor (agent, human or the app)
  --action KIND         e.g. pull_request.opened, command.approve, effect.convert_to_draft
  --delivery ID         one webhook delivery
  --since ISO           at or after this time (e.g. 2025-01-31 or 2025-01-31T12:00:00Z)
  --until ISO           before this time
  --limit N             the newest N rows (default ${DEFAULT_LIMIT}), printed oldest first
  --json                one JSON object per line instead of a table`;

/**
 * `agent-guardrails audit`: the audit log for people (an aligned table) or tools (`--json`, one
 * row per line). Agent-written text is made printable before it reaches a terminal. Returns the
 * exit code: 0 read (even when nothing matched), 1 the store could not be read, 2 bad usage.
 */
export async function auditCommand(argv: string[], out: LineOutput, err: LineOutput = process.stderr): Promise<number> {
  const print = lineOutput(out);
  const printError = lineOutput(err);
  const usageError = (message: string) => {
    printError(`agent-guardrails audit: ${message}\n\n${USAGE}`);
    return 2;
  };

  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: {
        db: { type: "string" },
        repo: { type: "string" },
        org: { type: "string" },
        actor: { type: "string" },
        action: { type: "string" },
        delivery: { type: "string" },
        since: { type: "string" },
        until: { type: "string" },
        limit: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    return usageError(printable((error as Error).message, 200));
  }
  if (values.help) {
    print(USAGE);
    return 0;
  }
  if (positionals.length > 0) return usageError(`unexpected argument ${printable(positionals[0]!, 60)}`);

  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const filter: AuditFilter = { limit: DEFAULT_LIMIT };
  const repo = text("repo");
  if (repo !== undefined) {
    if (!/^[^/\s]+\/[^/\s]+$/.test(repo)) return usageError(`--repo must be OWNER/NAME, got ${printable(repo, 60)}`);
    filter.repo = repo;
  }
  for (const [option, key] of [
    ["org", "org"],
    ["actor", "actor"],
    ["action", "action"],
    ["delivery", "deliveryId"],
  ] as const) {
    const value = text(option);
    if (value === undefined) continue;
    if (value.trim() === "") return usageError(`--${option} needs a value`);
    filter[key] = value;
  }
  for (const bound of ["since", "until"] as const) {
    const value = text(bound);
    if (value === undefined) continue;
    const time = parseTime(value);
    if (time === null) return usageError(`--${bound} must be an ISO date or time (2025-01-31, 2025-01-31T12:00:00Z), got ${printable(value, 60)}`);
    // Stored times are toISOString() text: compare in the same format.
    filter[bound] = time;
  }
  const limit = text("limit");
  if (limit !== undefined) {
    if (!/^[1-9]\d{0,8}$/.test(limit)) return usageError(`--limit must be a positive integer, got ${printable(limit, 60)}`);
    filter.limit = Number(limit);
  }

  const databaseUrl = text("db") ?? process.env.DATABASE_URL;
  let rows: AuditRow[];
  try {
    const store = await openStore(databaseUrl, { mustExist: true });
    try {
      rows = await store.listAudit(filter);
    } finally {
      await store.close();
    }
  } catch (error) {
    const hint = databaseUrl === undefined || databaseUrl === "" ? " (set DATABASE_URL or pass --db)" : "";
    printError(`agent-guardrails audit: cannot read the audit log: ${printable((error as Error).message, 300)}${hint}`);
    return 1;
  }

  if (values.json) {
    for (const row of rows) print(jsonLine(row));
    return 0;
  }
  if (rows.length === 0) {
    print("no audit rows match");
    return 0;
  }
  for (const line of table(rows)) print(line);
  return 0;
}

/** Accepts what `Date` parses from an ISO-shaped string (date, or date and time), as toISOString() text. */
function parseTime(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

const COLUMNS: { title: string; cell: (row: AuditRow) => string; max: number }[] = [
  { title: "ID", cell: (r) => String(r.id), max: 10 },
  { title: "AT", cell: (r) => r.at, max: 24 },
  { title: "REPO", cell: (r) => r.repo, max: 40 },
  { title: "ACTOR", cell: (r) => `${r.actor} (${r.actorKind})`, max: 40 },
  { title: "ACTION", cell: (r) => r.action, max: 40 },
  { title: "TARGET", cell: (r) => (r.targetNumber !== null ? `#${r.targetNumber}` : r.targetSha !== null ? r.targetSha.slice(0, 7) : "-"), max: 12 },
  { title: "VERDICT", cell: (r) => r.verdict, max: 16 },
  { title: "REASONS", cell: (r) => r.reasons.join("; ") || "-", max: 160 },
];

/** Rows as aligned columns; the last column is not padded. Every cell is made printable first. */
function table(rows: readonly AuditRow[]): string[] {
  const cells = [COLUMNS.map((c) => c.title), ...rows.map((row) => COLUMNS.map((c) => printable(c.cell(row), c.max)))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)));
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
  return JSON.stringify(row).replace(/[\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
