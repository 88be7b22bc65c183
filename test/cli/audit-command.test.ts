import { afterAll, afterEach, beforeAll, describe, expect, test } from "@jest/globals";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { openStore } from "../../src/store/open-store.js";
import type { AuditEntry } from "../../src/store/store.js";
import { BACKENDS, type TestDatabase } from "../store/store-backends.js";
import { auditEntry } from "../store/audit-entry.js";

function entry(overrides: Partial<AuditEntry>): AuditEntry {
  return auditEntry({ deliveryId: "d-1", reasons: ["agent PRs start as drafts"], ...overrides });
}

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u202e]/;

const ROWS: AuditEntry[] = [
  entry({ at: "2025-03-01T09:00:00.000Z" }),
  entry({
    at: "2025-03-01T10:00:00.000Z",
    actor: "alice",
    actorKind: "human",
    action: "command.approve",
    verdict: "approved",
    reasons: [],
  }),
  entry({
    at: "2025-03-01T11:00:00.000Z",
    repo: "acme/gadgets",
    action: "issue_comment.created",
    targetNumber: null,
    targetSha: "0123456789abcdef",
    verdict: "held",
    // Hostile text: an ANSI escape, a bidi override and a newline.
    reasons: ["said \u001b[2Jhi\u202e\nthere"],
  }),
];

const NOW = new Date("2025-03-01T12:00:00.000Z");

/** Runs the command and captures what it printed, line by line (stdout as text too, for CSV). */
async function run(argv: string[], databaseUrl?: string): Promise<{ code: number; out: string[]; err: string[]; stdout: string }> {
  let stdout = "";
  let stderr = "";
  const env = databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl };
  const code = await main(
    ["audit", ...argv],
    { write: (text: string) => (stdout += text) },
    { write: (text: string) => (stderr += text) },
    { env, now: NOW },
  );
  const lines = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));
  return { code, out: lines(stdout), err: lines(stderr), stdout };
}

describe.each(BACKENDS)("agent-guardrails audit on %s", (_name, createDatabase) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createDatabase();
    const store = await openStore(database.url);
    for (const row of ROWS) await store.appendAudit(row);
    await store.close();
  });

  afterAll(async () => {
    await database?.drop();
  });

  test("prints every row as an aligned table, oldest first, with hostile text made printable", async () => {
    const { code, out, err } = await run(["--db", database.url]);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toHaveLength(4);
    expect(out[0]).toMatch(/^ID\s+AT\s+REPO\s+ACTOR\s+ACTION\s+TARGET\s+VERDICT\s+REASONS$/);
    expect(out[1]).toMatch(
      /^1\s+2025-03-01T09:00:00.000Z\s+acme\/widgets\s+copilot-swe-agent\[bot\] \(agent\)\s+pull_request.opened\s+#7\s+gated\s+agent PRs start as drafts$/,
    );
    expect(out[2]).toMatch(/alice \(human\)\s+command.approve\s+#7\s+approved\s+-$/);
    expect(out[3]).toContain("acme/gadgets");
    expect(out[3]).toContain(" 0123456 ");
    expect(out[3]).toContain("said \\u001b[2Jhi\\u202e ⏎ there");
    for (const line of out) expect(line).not.toMatch(UNSAFE);
    // Aligned: every column starts at the same offset on every line.
    const actionColumn = out[0]!.indexOf("ACTION");
    expect(out.slice(1).map((line) => line.slice(actionColumn).split(/\s+/)[0])).toEqual([
      "pull_request.opened",
      "command.approve",
      "issue_comment.created",
    ]);
    const verdictColumn = out[0]!.indexOf("VERDICT");
    expect(out.slice(1).map((line) => line.slice(verdictColumn).split(/\s+/)[0])).toEqual(["gated", "approved", "held"]);
  });

  test("filters by repo, actor, action and time, and keeps the newest N with --limit", async () => {
    const actions = async (...argv: string[]) => {
      const { code, out } = await run(["--db", database.url, ...argv]);
      expect(code).toBe(0);
      const column = out[0]!.indexOf("ACTION");
      return out.slice(1).map((line) => line.slice(column).split(/\s+/)[0]);
    };
    expect(await actions("--repo", "acme/widgets")).toEqual(["pull_request.opened", "command.approve"]);
    expect(await actions("--actor", "copilot-swe-agent[bot]")).toEqual(["pull_request.opened", "issue_comment.created"]);
    expect(await actions("--actor", "copilot-swe-agent[bot]", "--repo", "acme/widgets")).toEqual(["pull_request.opened"]);
    expect(await actions("--action", "command.approve")).toEqual(["command.approve"]);
    expect(await actions("--since", "2025-03-01T10:00:00Z")).toEqual(["command.approve", "issue_comment.created"]);
    expect(await actions("--since", "2025-03-01", "--until", "2025-03-01T10:30:00+00:00")).toEqual([
      "pull_request.opened",
      "command.approve",
    ]);
    expect(await actions("--limit", "1")).toEqual(["issue_comment.created"]);
    expect(await run(["--db", database.url, "--org", "nobody"])).toMatchObject({ code: 0, out: ["no audit rows match"], err: [] });
  });

  test("--since takes a duration back from now, and filters take globs in any case", async () => {
    const actions = async (...argv: string[]) => {
      const { code, out, err } = await run(["--db", database.url, "--json", ...argv]);
      expect({ code, err }).toEqual({ code: 0, err: [] });
      return out.map((line) => (JSON.parse(line) as { action: string }).action);
    };
    // NOW is 12:00: 2h back is 10:00, inclusive.
    expect(await actions("--since", "2h")).toEqual(["command.approve", "issue_comment.created"]);
    expect(await actions("--since", "3h", "--until", "1h")).toEqual(["pull_request.opened", "command.approve"]);
    expect(await actions("--actor", "*-AGENT[bot]")).toEqual(["pull_request.opened", "issue_comment.created"]);
    expect(await actions("--action", "*.opened", "--repo", "ACME/*")).toEqual(["pull_request.opened"]);
    expect(await actions("--verdict", "held")).toEqual(["issue_comment.created"]);
  });

  test("--limit leaves rows out with a notice on stderr; stdout keeps only the rows", async () => {
    const { code, out, err } = await run(["--db", database.url, "--format", "json", "--limit", "1"]);
    expect(code).toBe(0);
    expect(out.map((line) => (JSON.parse(line) as { id: number }).id)).toEqual([3]);
    expect(err).toEqual(["2 more rows match; raise --limit or narrow the filters"]);
    const paged = await run(["--db", database.url, "--json", "--limit", "1", "--offset", "1"]);
    expect(paged.out.map((line) => (JSON.parse(line) as { id: number }).id)).toEqual([2]);
    expect(paged.err).toEqual(["1 more row match; raise --limit or narrow the filters"]);
  });

  test("--format csv: a header and one record per row", async () => {
    const { code, stdout, err } = await run(["--db", database.url, "--format", "csv", "--actor", "alice"]);
    expect({ code, err }).toEqual({ code: 0, err: [] });
    const records = stdout.split("\r\n");
    expect(records[0]).toBe(
      "id,at,delivery_id,org,repo,actor,actor_kind,action,target_number,target_node_id,target_url,target_sha,verdict,reasons,effects,detail",
    );
    expect(records[1]).toBe("2,2025-03-01T10:00:00.000Z,d-1,acme,acme/widgets,alice,human,command.approve,7,,,,approved,,[],{}");
    expect(records.slice(2)).toEqual([""]);
  });

  test("--json prints one parseable row per line, terminal-safe", async () => {
    const { code, out } = await run(["--db", database.url, "--json"]);
    expect(code).toBe(0);
    expect(out).toHaveLength(3);
    expect(out.map((line) => JSON.parse(line) as unknown)).toEqual(ROWS.map((row, i) => ({ ...row, id: i + 1 })));
    expect(out[2]).toContain("\\u202e");
    for (const line of out) expect(line).not.toMatch(UNSAFE);
    const filtered = await run(["--db", database.url, "--json", "--repo", "acme/gadgets"]);
    expect(filtered.code).toBe(0);
    expect(filtered.out.map((line) => (JSON.parse(line) as { repo: string }).repo)).toEqual(["acme/gadgets"]);
  });

  test("reads DATABASE_URL when --db is not given", async () => {
    const { code, out } = await run(["--action", "command.approve", "--json"], database.url);
    expect(code).toBe(0);
    expect(out.map((line) => (JSON.parse(line) as { actor: string }).actor)).toEqual(["alice"]);
  });
});

describe("agent-guardrails audit usage", () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "gr-audit-cli-"));
  });

  afterEach(() => {
    expect(existsSync(join(folder, "missing.db"))).toBe(false);
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test.each([
    [["--limit", "0"], /--limit must be a whole number from 1 to 10000/],
    [["--limit", "ten"], /--limit must be a whole number from 1 to 10000/],
    [["--limit", "10001"], /--limit must be a whole number from 1 to 10000/],
    [["--offset=-1"], /--offset must be a whole number/],
    [["--since", "yesterday"], /--since must be a duration back from now \(30m, 24h, 7d, 2w\) or an ISO date or time/],
    [["--until", "2025-13-45"], /--until must be a duration/],
    [["--since", "1d", "--until", "2d"], /--since must be before until/],
    [["--format", "xml"], /--format must be one of table, json, csv/],
    [["--format", "csv", "--json"], /--json and --format name different formats/],
    [["--actor", ""], /--actor needs a value/],
    [["--bogus"], /unknown option "--bogus"/],
    [["--repo"], /argument missing/],
    [["extra"], /unexpected argument "extra"/],
  ])("%j is bad usage: exit 2 with the reason and the usage", async (argv, reason) => {
    const { code, out, err } = await run(["--db", join(folder, "missing.db"), ...argv]);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.join("\n")).toMatch(reason);
    expect(err.join("\n")).toContain("usage: agent-guardrails audit");
  });

  test("a missing SQLite file is an error (exit 1), not a new empty log", async () => {
    const { code, out, err } = await run(["--db", join(folder, "missing.db")]);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err.join("\n")).toMatch(/cannot read the audit log: no database at .*missing\.db/);
  });
});
