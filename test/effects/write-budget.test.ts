import { describe, expect, test } from "@jest/globals";
import { nextWriteAt } from "../../src/effects/write-budget.js";

const NOW = Date.parse("2026-11-20T10:00:00.000Z");
const every = (count: number, fromMs: number, stepMs: number) => Array.from({ length: count }, (_, i) => fromMs + i * stepMs);

describe("nextWriteAt: GitHub's content limits per installation", () => {
  test.each([
    ["no writes yet", [], NOW],
    ["79 in the last minute: room for one more", every(79, NOW - 59_000, 500), NOW],
    ["80 in the last minute: wait until the oldest leaves the minute", every(80, NOW - 59_000, 500), NOW - 59_000 + 60_000],
    ["80 writes that are all older than a minute", every(80, NOW - 120_000, 500), NOW],
    ["499 in the hour, spread out", every(499, NOW - 3_590_000, 7_000), NOW],
    ["500 in the hour: wait until the oldest leaves the hour", every(500, NOW - 3_590_000, 7_000), NOW - 3_590_000 + 3_600_000],
    ["a write exactly an hour ago no longer counts", [NOW - 3_600_000, ...every(499, NOW - 3_500_000, 7_000)], NOW],
  ])("%s", (_name, writes, expected) => {
    expect(nextWriteAt(writes, NOW)).toBe(expected);
  });

  test("both windows full: the later release wins", () => {
    const writes = [...every(420, NOW - 3_500_000, 8_000), ...every(80, NOW - 30_000, 100)];
    expect(nextWriteAt(writes, NOW)).toBe(Math.max(NOW - 30_000 + 60_000, NOW - 3_500_000 + 3_600_000));
  });
});
