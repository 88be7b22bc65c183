import { describe, expect, test } from "@jest/globals";
import { duePeriod, duePeriods, nextBoundary, periodContaining } from "../../src/schedule/digest-periods.js";

const iso = (d: Date) => d.toISOString();

describe("periods are ISO weeks (Monday 00:00 UTC) and UTC days", () => {
  test.each([
    { at: "2026-12-04T15:00:00Z", kind: "weekly", id: "2026-W49", from: "2026-11-30T00:00:00.000Z", to: "2026-12-07T00:00:00.000Z" },
    { at: "2026-11-30T00:00:00Z", kind: "weekly", id: "2026-W49", from: "2026-11-30T00:00:00.000Z", to: "2026-12-07T00:00:00.000Z" },
    { at: "2026-11-29T23:59:59Z", kind: "weekly", id: "2026-W48", from: "2026-11-23T00:00:00.000Z", to: "2026-11-30T00:00:00.000Z" },
    // Week 1 holds the year's first Thursday: 2026-12-31 (Thursday) is in 2026-W53, 2027-01-01 too.
    { at: "2027-01-01T12:00:00Z", kind: "weekly", id: "2026-W53", from: "2026-12-28T00:00:00.000Z", to: "2027-01-04T00:00:00.000Z" },
    { at: "2027-01-04T00:00:00Z", kind: "weekly", id: "2027-W01", from: "2027-01-04T00:00:00.000Z", to: "2027-01-11T00:00:00.000Z" },
    { at: "2026-12-04T15:00:00Z", kind: "daily", id: "2026-12-04", from: "2026-12-04T00:00:00.000Z", to: "2026-12-05T00:00:00.000Z" },
  ] as const)("$at in a $kind period is $id", ({ at, kind, id, from, to }) => {
    const p = periodContaining(kind, new Date(at));
    expect([p.id, iso(p.from), iso(p.to)]).toEqual([id, from, to]);
  });
});

describe("which period is due: the last one ended, until the next boundary (catch-up after downtime)", () => {
  test.each([
    { now: "2026-12-07T00:00:00Z", kind: "weekly", due: "2026-W49", why: "at the boundary" },
    { now: "2026-12-09T13:00:00Z", kind: "weekly", due: "2026-W49", why: "the process was down on Monday: caught up on Wednesday" },
    {
      now: "2026-12-06T23:59:59Z",
      kind: "weekly",
      due: "2026-W48",
      why: "the week is not over: the one before is (already posted, found by its marker)",
    },
    { now: "2026-12-05T00:00:01Z", kind: "daily", due: "2026-12-04", why: "just past midnight" },
    { now: "2026-12-05T23:00:00Z", kind: "daily", due: "2026-12-04", why: "late in the day" },
  ] as const)("$why", ({ now, kind, due }) => {
    expect(duePeriod(kind, new Date(now)).id).toBe(due);
  });

  test("only the kinds configured, each once; off has none", () => {
    const now = new Date("2026-12-07T00:30:00Z");
    expect(duePeriods(["daily", "weekly", "daily"], now).map((p) => p.id)).toEqual(["2026-W49", "2026-12-06"]);
    expect(duePeriods(["off"], now)).toEqual([]);
  });

  test("the timer wakes at the next UTC midnight", () => {
    expect(iso(nextBoundary(new Date("2026-12-06T18:00:00Z")))).toBe("2026-12-07T00:00:00.000Z");
    expect(iso(nextBoundary(new Date("2026-12-07T00:00:00Z")))).toBe("2026-12-08T00:00:00.000Z");
  });
});
