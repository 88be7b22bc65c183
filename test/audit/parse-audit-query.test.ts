import { describe, expect, test } from "@jest/globals";
import { parseAuditQuery, type AuditQuery } from "../../src/audit/parse-audit-query.js";

const NOW = new Date("2025-03-10T12:00:00.000Z");

function parsed(params: Record<string, string | undefined>): AuditQuery {
  const result = parseAuditQuery(params, NOW);
  if (!result.ok) throw new Error(`expected a query, got: ${result.error}`);
  return result.query;
}

function refused(params: Record<string, string | undefined>): string {
  const result = parseAuditQuery(params, NOW);
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.query)}`);
  return result.error;
}

describe("parseAuditQuery", () => {
  test("nothing given: the newest 100 rows of everything, as a table", () => {
    expect(parsed({})).toEqual({ filters: {}, limit: 100, offset: 0, format: "table" });
  });

  test.each([
    ["30m", "2025-03-10T11:30:00.000Z"],
    ["24h", "2025-03-09T12:00:00.000Z"],
    ["7d", "2025-03-03T12:00:00.000Z"],
    ["2w", "2025-02-24T12:00:00.000Z"],
    ["2025-03-01", "2025-03-01T00:00:00.000Z"],
    ["2025-03-01T08:15:00Z", "2025-03-01T08:15:00.000Z"],
    ["2025-03-01T08:15:00+02:00", "2025-03-01T06:15:00.000Z"],
    // No zone: UTC, whatever the machine's time zone.
    ["2025-03-01T08:15", "2025-03-01T08:15:00.000Z"],
    ["2025-03-01 08:15:30.250", "2025-03-01T08:15:30.250Z"],
  ])("since %s is %s", (since, iso) => {
    expect(parsed({ since }).since).toBe(iso);
  });

  test("until takes the same forms, and since must come before it", () => {
    expect(parsed({ since: "7d", until: "1d" })).toMatchObject({ since: "2025-03-03T12:00:00.000Z", until: "2025-03-09T12:00:00.000Z" });
    expect(refused({ since: "1d", until: "7d" })).toMatch(/^since must be before until/);
    expect(refused({ since: "2025-03-01", until: "2025-03-01" })).toMatch(/^since must be before until/);
  });

  test.each(["yesterday", "7", "7y", "2025-02-30", "2025-13-01", "2025-03-01T25:00", "03/01/2025"])(
    "since %j is refused with the forms it takes",
    (since) => {
      expect(refused({ since })).toMatch(/^since must be a duration back from now \(30m, 24h, 7d, 2w\) or an ISO date or time/);
    },
  );

  test("globs are kept as given for every filter; an empty value is no filter", () => {
    expect(
      parsed({ actor: "*-agent[bot]", action: "effect.*", repo: "acme/?idgets", org: "ACME", verdict: "held", delivery: "d-1", since: "" })
        .filters,
    ).toEqual({
      actor: "*-agent[bot]",
      action: "effect.*",
      repo: "acme/?idgets",
      org: "ACME",
      verdict: "held",
      delivery: "d-1",
    });
    expect(parsed({ actor: "  ", repo: "" }).filters).toEqual({});
    expect(refused({ actor: "x".repeat(201) })).toMatch(/^actor must be at most 200 characters/);
  });

  test("limit is 1 to 10000, offset 0 or more, format one of three", () => {
    expect(parsed({ limit: "10000", offset: "250", format: "CSV" })).toMatchObject({ limit: 10000, offset: 250, format: "csv" });
    for (const limit of ["0", "10001", "ten", "-5", "1.5"])
      expect(refused({ limit })).toMatch(/^limit must be a whole number from 1 to 10000/);
    for (const offset of ["-1", "x"]) expect(refused({ offset })).toMatch(/^offset must be a whole number/);
    expect(refused({ format: "xml" })).toBe('format must be one of table, json, csv, got "xml"');
  });
});
