import { afterAll, afterEach, beforeAll, describe, expect, test } from "@jest/globals";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { auditCommand } from "../../src/cli/audit-command.js";
import { openStore } from "../../src/store/open-store.js";
import type { AuditEntry } from "../../src/store/store.js";
import { BACKENDS, type TestDatabase } from "./store-backends.js";

function entry(overrides: Partial<AuditEntry>): AuditEntry {
  return {
    at: "2025-03-01T10:00:00.000Z",
    deliveryId: "d-1",
    org: "acme",
    repo: "acme/widgets",
    actor: "copilot-swe-agent[bot]",
    actorKind: "agent",
    action: "pull_request.opened",
    targetNumber: 7,
    targetNodeId: null,
    targetUrl: null,
    targetSha: null,
    verdict: "gated",
    reasons: ["agent PRs start as drafts"],
    effects: [],
    detail: {},
    ...overrides,
  };
}

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u202e]/;

const ROWS: AuditEntry[] = [
  entry({ at: "2025-03-01T09:00:00.000Z" }),
  entry({ at: "2025-03-01T10:00:00.000Z", actor: "alice", actorKind: "human", action: "command.approve", verdict: "approved", reasons: [] }),
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

/** Runs the command and captures what it printed. */
async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await auditCommand(argv, (line) => out.push(line), (line) => err.push(line));
  return { code, out, err };
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
    expect(out[1]).toMatch(/^1\s+2025-03-01T09:00:00.000Z\s+acme\/widgets\s+copilot-swe-agent\[bot\] \(agent\)\s+pull_request.opened\s+#7\s+gated\s+agent PRs start as drafts$/);
    expect(out[2]).toMatch(/alice \(human\)\s+command.approve\s+#7\s+approved\s+-$/);
    expect(out[3]).toContain("acme/gadgets");
    expect(out[3]).toContain(" 0123456 ");
    expect(out[3]).toContain("said \\u001b[2Jhi\\u202e ⏎ there");
    for (const line of out) expect(line).not.toMatch(UNSAFE);
    // Aligned: every column starts at the same offset on every line.
    const actionColumn = out[0]!.indexOf("ACTION");
    expect(out.slice(1).map((line) => line.slice(actionColumn).split(/\s+/)[0])).toEqual(["pull_request.opened", "command.approve", "issue_comment.created"]);
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
    expect(await actions("--since", "2025-03-01", "--until", "2025-03-01T10:30:00+00:00")).toEqual(["pull_request.opened", "command.approve"]);
    expect(await actions("--limit", "1")).toEqual(["issue_comment.created"]);
    expect(await run(["--db", database.url, "--org", "nobody"])).toEqual({ code: 0, out: ["no audit rows match"], err: [] });
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
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = database.url;
    try {
      const { code, out } = await run(["--action", "command.approve", "--json"]);
      expect(code).toBe(0);
      expect(out.map((line) => (JSON.parse(line) as { actor: string }).actor)).toEqual(["alice"]);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
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
    [["--limit", "0"], /--limit must be a positive integer/],
    [["--limit", "ten"], /--limit must be a positive integer/],
    [["--since", "yesterday"], /--since must be an ISO date/],
    [["--until", "2025-13-45"], /--until must be an ISO date/],
    [["--repo", "widgets"], /--repo must be OWNER\/NAME/],
    [["--actor", ""], /--actor needs a value/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["--repo"], /argument missing/],
    [["extra"], /unexpected argument extra/],
  ])("%j is bad usage: exit 2 with the reason and the usage", async (argv, reason) => {
    const { code, out, err } = await run(["--db", join(folder, "missing.db"), ...argv]);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.join("\n")).toMatch(reason);
    expect(err.join("\n")).toContain("usage: agent-guardrails audit");
  });

  test("--help prints the usage", async () => {
    const { code, out } = await run(["--help"]);
    expect(code).toBe(0);
    expect(out.join("\n")).toContain("--since ISO");
  });

  test("a missing SQLite file is an error (exit 1), not a new empty log", async () => {
    const { code, out, err } = await run(["--db", join(folder, "missing.db")]);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err.join("\n")).toMatch(/cannot read the audit log: no database at .*missing\.db/);
  });
});
