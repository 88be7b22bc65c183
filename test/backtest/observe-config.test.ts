import { describe, expect, test } from "@jest/globals";
import { parse } from "yaml";
import { observeConfig } from "../../src/backtest/observe-config.js";
import { parseSince } from "../../src/backtest/parse-since.js";

describe("the config a backtest runs", () => {
  test("the repository's file in observe mode, its comments kept, the extra agents added once", () => {
    const text = '# ours\nmode: enforce # strict\nagents: ["amok-agent[bot]", Copilot]\npolicy: { comment: hold }\n';
    const result = observeConfig(text, ["copilot", "speedy"]);
    expect(result.note).toBeUndefined();
    expect(parse(result.text)).toEqual({ mode: "observe", agents: ["amok-agent[bot]", "Copilot", "speedy"], policy: { comment: "hold" } });
    expect(result.text).toContain("# ours");
  });

  test("a file without agents gets them; no file is observe mode alone", () => {
    expect(parse(observeConfig("owner: maint\n", ["speedy"]).text)).toEqual({ owner: "maint", mode: "observe", agents: ["speedy"] });
    expect(observeConfig(undefined, [])).toEqual({ text: "mode: observe\n" });
  });

  test.each(["mode: [enforce\n", "- just\n- a list\n"])(
    "a file that is not a YAML mapping (%j) is replaced, and the report says so",
    (text) => {
      const result = observeConfig(text, ["speedy"]);
      expect(parse(result.text)).toEqual({ mode: "observe", agents: ["speedy"] });
      expect(result.note).toMatch(/does not parse as a YAML mapping/);
    },
  );
});

describe("--since", () => {
  const now = new Date("2026-11-21T12:00:00.000Z");
  test.each([
    ["90m", "2026-11-21T10:30:00.000Z"],
    ["24h", "2026-11-20T12:00:00.000Z"],
    ["7d", "2026-11-14T12:00:00.000Z"],
    ["2w", "2026-11-07T12:00:00.000Z"],
    ["2026-11-01", "2026-11-01T00:00:00.000Z"],
    ["2026-11-20T08:00:00+02:00", "2026-11-20T06:00:00.000Z"],
  ])("%s → %s", (value, expected) => {
    expect(parseSince(value, now)?.toISOString()).toBe(expected);
  });
  test.each(["", "7", "0d", "-1d", "7y", "yesterday", "2026-11-22", "2026-13-45"])("%j is refused", (value) => {
    expect(parseSince(value, now)).toBeNull();
  });
});
