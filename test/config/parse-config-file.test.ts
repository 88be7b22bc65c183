import { describe, expect, test } from "@jest/globals";
import { z } from "zod";
import { formatConfigIssues } from "../../src/config/config-errors.js";
import { parseConfigFile } from "../../src/config/parse-config-file.js";
import { configFileSchema } from "../../src/config/schema.js";

const FILE = ".github/agent-guardrails.yml";

describe("parseConfigFile: valid files", () => {
  test("an empty file sets nothing", () => {
    expect(parseConfigFile(FILE, "")).toMatchObject({ value: {}, issues: [] });
    expect(parseConfigFile(FILE, "# only a comment\n")).toMatchObject({ value: {}, issues: [] });
  });

  test("a file with nested keys and agent objects", () => {
    const text = "mode: observe\npolicy:\n  merge: deny\nagents:\n  - Copilot\n  - login: x[bot]\n    policy: { comment: flag }\n  - 42\n";
    expect(parseConfigFile(FILE, text)).toMatchObject({
      value: { mode: "observe", policy: { merge: "deny" }, agents: ["Copilot", { login: "x[bot]", policy: { comment: "flag" } }, 42] },
      issues: [],
    });
  });
});

describe("parseConfigFile: each issue names the key and the reason", () => {
  const rows: { name: string; text: string; path: string; message: RegExp; line?: number }[] = [
    {
      name: "unknown top-level key, with a suggestion",
      text: "mode: enforce\npolcy:\n  merge: deny\n",
      path: "polcy",
      message: /unknown key "polcy"; did you mean "policy"\?/,
      line: 2,
    },
    {
      name: "unknown nested key, with the valid ones",
      text: "policy:\n  merge: deny\n  extra: 1\n",
      path: "policy.extra",
      message: /unknown key "extra"; expected one of: pull_request, merge, .*issue/,
      line: 3,
    },
    {
      name: "unknown key inside an agent entry",
      text: "agents:\n  - Copilot\n  - login: x\n    polcy: {}\n",
      path: "agents.1.polcy",
      message: /did you mean "policy"/,
      line: 4,
    },
    {
      name: "bad enum value",
      text: "policy:\n  merge: yolo\n",
      path: "policy.merge",
      message: /expected one of: require_approval, deny/,
      line: 2,
    },
    {
      name: "bad enum inside an agent's own policy",
      text: "agents:\n  - login: x\n    policy:\n      comment: nope\n",
      path: "agents.0.policy.comment",
      message: /expected one of: allow, flag, hide, hold/,
      line: 4,
    },
    { name: "wrong type", text: "limits:\n  actions_per_hour: lots\n", path: "limits.actions_per_hour", message: /expected number/ },
    { name: "out of range", text: "limits:\n  burst: { actions: 0 }\n", path: "limits.burst.actions", message: /expected number to be >0/ },
    {
      name: "agent entry of no usable shape",
      text: "agents:\n  - true\n",
      path: "agents.0",
      message: /expected a string, a number or a mapping/,
    },
    { name: "agent entry without login or id", text: "agents:\n  - owner: bob\n", path: "agents.0", message: /needs a login or an id/ },
    { name: "a misspelt locked path", text: "locked: [policy.marge]\n", path: "locked.0", message: /expected one of: .*policy\.merge/ },
    { name: "bad duration", text: "breaker:\n  lookback: forever\n", path: "breaker.lookback", message: /a duration like/ },
    { name: "_extends naming a path", text: "_extends: other:.github/x.yml\n", path: "_extends", message: /"repo" or "owner\/repo"/ },
    {
      name: "YAML syntax error, with its line",
      text: "mode: enforce\npolicy: merge: deny\n",
      path: "",
      message: /^invalid YAML: Nested mappings/,
      line: 2,
    },
    {
      name: "duplicate keys are an error, not last-one-wins",
      text: "mode: enforce\nmode: observe\n",
      path: "",
      message: /^invalid YAML: Map keys must be unique/,
      line: 2,
    },
    { name: "YAML merge keys are off", text: "base: &b { merge: deny }\npolicy:\n  <<: *b\n", path: "base", message: /unknown key/ },
    { name: "an alias to nothing", text: "mode: *nothing\n", path: "", message: /^invalid YAML: an alias/ },
    { name: "unknown tags", text: "mode: !!binary aGk=\n", path: "", message: /^invalid YAML: Unresolved tag/ },
    { name: "a list instead of a mapping", text: "- mode: enforce\n", path: "", message: /must be a mapping .* found a list/ },
    { name: "a scalar instead of a mapping", text: "enforce\n", path: "", message: /must be a mapping .* found a string/ },
  ];
  test.each(rows)("$name", ({ text, path, message, line }) => {
    const result = parseConfigFile(FILE, text);
    expect(result.value).toBeUndefined();
    const issue = result.issues.find((i) => i.path === path);
    expect(issue).toBeDefined();
    expect(issue?.file).toBe(FILE);
    expect(issue?.message).toMatch(message);
    if (line !== undefined) expect(issue?.line).toBe(line);
  });

  test("every problem of a file is reported, not just the first", () => {
    const { issues } = parseConfigFile(FILE, "mode: maybe\ndigest: hourly\nextra: 1\n");
    expect(issues.map((i) => i.path).sort()).toEqual(["digest", "extra", "mode"]);
  });

  test("the file's values are not echoed back (they may be an agent's text)", () => {
    const { issues } = parseConfigFile(FILE, "policy:\n  merge: '<img src=x onerror=alert(1)>'\n");
    expect(issues).toHaveLength(1);
    expect(JSON.stringify(issues)).not.toContain("onerror");
  });

  test("an invalid file still yields its YAML, so a loader can salvage its agents", () => {
    expect(parseConfigFile(FILE, "agents:\n  - a[bot]\nmode: nope\n").raw).toEqual({ agents: ["a[bot]"], mode: "nope" });
  });
});

describe("formatConfigIssues", () => {
  test("one issue per unknown key, at the key itself", () => {
    const error = configFileSchema.safeParse({ policy: { a: 1, b: 2 } }).error as z.ZodError;
    expect(formatConfigIssues("f.yml", error).map((i) => i.path)).toEqual(["policy.a", "policy.b"]);
  });

  test("a root-level issue has an empty path", () => {
    const error = z.strictObject({}).safeParse(5).error as z.ZodError;
    expect(formatConfigIssues("f.yml", error)).toEqual([{ file: "f.yml", path: "", message: "expected object, received number" }]);
  });
});
