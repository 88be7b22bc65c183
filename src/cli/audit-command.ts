import { formatAudit } from "../audit/format-audit.js";
import { AUDIT_GLOB_FILTERS, DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT, parseAuditQuery } from "../audit/parse-audit-query.js";
import { queryAudit, type AuditAnswer } from "../audit/query-audit.js";
import { openStore } from "../store/open-store.js";
import { printable } from "../text/printable.js";
import type { TextOutput } from "./text-output.js";

export const AUDIT_USAGE = `usage: agent-guardrails audit [--db URL] [filters] [--since WHEN] [--until WHEN] [--format table|json|csv] [--limit N] [--offset N]

Reads the audit log from --db, else DATABASE_URL, else ./data/guardrails.db.
URL: a SQLite file path (or sqlite:PATH) or postgres://user@host/db.

filters (ANDed; case-insensitive; * matches any text, ? one character):
  --repo OWNER/NAME     repositories, e.g. acme/widgets or 'acme/*'
  --org ORG             organizations
  --actor LOGIN         actors (agent, human or the app), e.g. '*-agent[bot]'
  --action KIND         e.g. pull_request.opened, command.approve, 'effect.*'
  --verdict VERDICT     e.g. gated, held, applied, failed
  --delivery ID         webhook deliveries
  --since WHEN          at or after: 30m, 24h, 7d, 2w back from now, or an ISO date or time
                        (2025-01-31, 2025-01-31T12:00:00Z; without a zone, UTC)
  --until WHEN          before this time (the same forms)
output:
  --format FORMAT       table (default), json (one object per line) or csv (RFC 4180, safe to
                        open in a spreadsheet)
  --json                the same as --format json
  --limit N             the newest N matching rows (default ${DEFAULT_AUDIT_LIMIT}, at most ${MAX_AUDIT_LIMIT}), printed oldest first;
                        when more match, a notice on stderr says how many were left out
  --offset N            skip the newest N matching rows first (to page back)

Exit status: 0 read (even when nothing matched), 1 the log could not be read, 2 bad usage.

examples:
  agent-guardrails audit --since 7d --actor '*[bot]' --action 'effect.*'
  agent-guardrails audit --since 2025-03-01 --until 2025-03-08 --format csv --limit 10000 > week.csv
`;

/** The options `audit` takes (main.ts parses them by the command table). */
export const AUDIT_OPTIONS = {
  db: { type: "string" },
  repo: { type: "string" },
  org: { type: "string" },
  actor: { type: "string" },
  action: { type: "string" },
  verdict: { type: "string" },
  delivery: { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
  format: { type: "string" },
  json: { type: "boolean" },
  limit: { type: "string" },
  offset: { type: "string" },
} as const;

/** What `audit` reads beside its options: the clock and DATABASE_URL (through runtime-env). */
export interface AuditContext {
  now: Date;
  databaseUrl: string | undefined;
}

/**
 * `agent-guardrails audit` with its parsed options: a search of the audit log (src/audit), for people (an aligned table,
 * agent-written text made printable) or tools (JSON lines, CSV). stdout carries only the rows;
 * the notice of rows left out goes to stderr. Returns the exit code: 0 read (even when nothing
 * matched), 1 the store could not be read, 2 bad usage.
 */
export async function auditCommand(
  values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>,
  out: TextOutput,
  err: TextOutput,
  context: AuditContext,
): Promise<number> {
  const usageError = (message: string) => {
    err.write(`agent-guardrails audit: ${message}\n\n${AUDIT_USAGE}`);
    return 2;
  };
  const text = (name: keyof typeof AUDIT_OPTIONS) => {
    const value = values[name];
    return typeof value === "string" ? value : undefined;
  };
  // A filter given on the command line with nothing in it is a mistake (an unset shell variable),
  // not "everything".
  for (const name of [...AUDIT_GLOB_FILTERS, "since", "until", "format", "limit", "offset"] as const) {
    if (text(name)?.trim() === "") return usageError(`--${name} needs a value`);
  }
  if (values.json === true && text("format") !== undefined && text("format")?.toLowerCase() !== "json") {
    return usageError("--json and --format name different formats: give one");
  }
  const parsed = parseAuditQuery(
    {
      ...Object.fromEntries(AUDIT_GLOB_FILTERS.map((name) => [name, text(name)])),
      since: text("since"),
      until: text("until"),
      limit: text("limit"),
      offset: text("offset"),
      format: values.json === true ? "json" : text("format"),
    },
    context.now,
  );
  // The query names its parameters; here they are options.
  if (!parsed.ok) return usageError(printable(parsed.error.replace(/^(\w+) /, "--$1 "), 300));
  const { query } = parsed;

  const databaseUrl = text("db") ?? context.databaseUrl;
  let answer: AuditAnswer;
  try {
    const store = await openStore(databaseUrl, { mustExist: true });
    try {
      answer = await queryAudit(store, query);
    } finally {
      await store.close();
    }
  } catch (error) {
    const hint = databaseUrl === undefined || databaseUrl === "" ? " (set DATABASE_URL or pass --db)" : "";
    err.write(`agent-guardrails audit: cannot read the audit log: ${printable((error as Error).message, 300)}${hint}\n`);
    return 1;
  }

  out.write(formatAudit(answer.rows, query.format));
  if (answer.omitted > 0)
    err.write(`${answer.omitted} more row${answer.omitted === 1 ? "" : "s"} match; raise --limit or narrow the filters\n`);
  return 0;
}
