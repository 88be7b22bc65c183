import { describe, expect, test } from "@jest/globals";
import { CONTAINMENT_RESERVE, isDeferrable, nextWriteAt } from "../../src/effects/write-budget.js";

const NOW = Date.parse("2026-11-20T10:00:00.000Z");
/** `count` content-creating writes from `fromMs`, one every `stepMs`. */
const every = (count: number, fromMs: number, stepMs: number, creating = true) =>
  Array.from({ length: count }, (_, i) => ({ at: fromMs + i * stepMs, creating }));

describe("nextWriteAt: GitHub's content limits per installation", () => {
  test.each([
    ["no writes yet", [], NOW],
    ["79 in the last minute: room for one more", every(79, NOW - 59_000, 500), NOW],
    ["80 in the last minute: wait until the oldest leaves the minute", every(80, NOW - 59_000, 500), NOW - 59_000 + 60_000],
    ["80 writes that are all older than a minute", every(80, NOW - 120_000, 500), NOW],
    ["499 in the hour, spread out", every(499, NOW - 3_590_000, 7_000), NOW],
    ["500 in the hour: wait until the oldest leaves the hour", every(500, NOW - 3_590_000, 7_000), NOW - 3_590_000 + 3_600_000],
    ["a write exactly an hour ago no longer counts", [{ at: NOW - 3_600_000, creating: true }, ...every(499, NOW - 3_500_000, 7_000)], NOW],
  ])("%s", (_name, writes, expected) => {
    expect(nextWriteAt(writes, NOW)).toBe(expected);
  });

  test("both windows full: the later release wins", () => {
    const writes = [...every(420, NOW - 3_500_000, 8_000), ...every(80, NOW - 30_000, 100)];
    expect(nextWriteAt(writes, NOW)).toBe(Math.max(NOW - 30_000 + 60_000, NOW - 3_500_000 + 3_600_000));
  });

  test("the hour's limit counts content-creating writes only: 500 hides in the hour leave room for a comment", () => {
    expect(nextWriteAt(every(500, NOW - 3_590_000, 7_000, false), NOW, true)).toBe(NOW);
  });

  test("a hide is not held by the hour's limit, only by the minute's", () => {
    expect(nextWriteAt(every(500, NOW - 3_590_000, 7_000), NOW, false)).toBe(NOW);
    expect(nextWriteAt(every(80, NOW - 59_000, 500, false), NOW, false)).toBe(NOW - 59_000 + 60_000);
  });

  test("a 500-comment flood is hidden at GitHub's pace, 80 a minute: the last one within 6.25 minutes", () => {
    const writes: { at: number; creating: boolean }[] = [];
    let t = NOW;
    for (let i = 0; i < 500; i++) {
      t = nextWriteAt(writes, t, false);
      writes.push({ at: t, creating: false });
    }
    expect(t - NOW).toBeLessThan(6.25 * 60_000);
  });
});

describe("containment before flags when the budget is short", () => {
  test.each([
    ["an ordinary decision's flag label", { kind: "add_label" as const, number: 4, label: "agent:flagged" }, null, true],
    ["an ordinary decision's label removal", { kind: "remove_label" as const, number: 4, label: "agent:pending-approval" }, null, true],
    [
      "containment's halted label (tagged with the trip)",
      { kind: "add_label" as const, number: 4, label: "agent:halted" },
      "trip:acme:a:1",
      false,
    ],
    ["an ordinary decision's close", { kind: "close_pull_request" as const, number: 4 }, null, false],
  ])("%s: deferrable %s", (_name, effect, tag, deferrable) => {
    expect(isDeferrable(effect, tag)).toBe(deferrable);
  });

  test("with 60 writes in the minute, a flag waits for the window while a containment step goes now", () => {
    const writes = every(80 - CONTAINMENT_RESERVE, NOW - 59_000, 500, false);
    expect(nextWriteAt(writes, NOW, false, CONTAINMENT_RESERVE)).toBe(NOW - 59_000 + 60_000);
    expect(nextWriteAt(writes, NOW, false, 0)).toBe(NOW);
  });
});
