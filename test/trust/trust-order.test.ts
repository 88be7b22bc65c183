import { describe, expect, test } from "@jest/globals";
import { policySchema } from "../../src/config/schema.js";
import { compareTrust, TRUST_ORDER } from "../../src/policy/trust-order.js";

describe("the trust order: each key's values, strict → loose", () => {
  test.each(Object.keys(policySchema.shape) as (keyof typeof policySchema.shape)[])(
    "%s ranks exactly the values the schema allows",
    (key) => {
      const order = TRUST_ORDER[key];
      expect([...order].sort()).toEqual([...policySchema.shape[key].options].sort());
    },
  );

  const rows: { key: Parameters<typeof compareTrust>[0]; from: string | number; to: string | number; is: number }[] = [
    { key: "comment", from: "hold", to: "flag", is: 1 },
    { key: "comment", from: "allow", to: "hide", is: -1 },
    { key: "comment", from: "hide", to: "hide", is: 0 },
    { key: "external_comment", from: "hold", to: "hide", is: 1 },
    { key: "pull_request", from: "close", to: "draft", is: 1 },
    { key: "pull_request", from: "allow", to: "draft", is: -1 },
    { key: "merge", from: "require_approval", to: "deny", is: -1 },
    { key: "push_default_branch", from: "revert", to: "allow", is: 1 },
    { key: "issue", from: "flag", to: "close", is: -1 },
    { key: "release", from: "draft", to: "allow", is: 1 },
    { key: "limits.comments_per_hour", from: 20, to: 40, is: 1 },
    { key: "limits.actions_per_hour", from: 60, to: 10, is: -1 },
  ];
  test.each(rows)("$key: $from → $to is $is", ({ key, from, to, is }) => {
    expect(compareTrust(key, from, to)).toBe(is);
  });

  test("a value the table does not rank cannot be compared", () => {
    expect(compareTrust("comment", "hide", "shout")).toBeUndefined();
    expect(compareTrust("limits.comments_per_hour", 20, "many")).toBeUndefined();
  });
});
