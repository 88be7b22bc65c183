import { describe, expect, test } from "@jest/globals";
import { readFile } from "node:fs/promises";
import { configJsonSchema } from "../../src/config/config-schema-json.js";
import { lockablePaths } from "../../src/config/schema.js";

const COMMITTED = new URL("../../schema/agent-guardrails.schema.json", import.meta.url);

describe("published JSON Schema", () => {
  test("schema/agent-guardrails.schema.json is generated from the zod schema (run `npm run schema` if this fails)", async () => {
    const committed: unknown = JSON.parse(await readFile(COMMITTED, "utf8"));
    const fresh = configJsonSchema();
    if (JSON.stringify(committed) !== JSON.stringify(fresh)) {
      throw new Error(
        "schema/agent-guardrails.schema.json is stale: src/config/schema.ts changed without regenerating it. Run `npm run schema` and commit the result.",
      );
    }
    expect(committed).toEqual(fresh);
  });

  test("it names itself and keeps unknown keys out, like the zod schema", () => {
    const schema = configJsonSchema() as {
      $id?: string;
      title?: string;
      additionalProperties?: unknown;
      properties: Record<string, unknown>;
    };
    expect(schema.$id).toMatch(/agent-guardrails/);
    expect(schema.title).toBe("agent-guardrails configuration");
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual([
      "_extends",
      "locked",
      "mode",
      "owner",
      "agents",
      "approvers",
      "policy",
      "scope",
      "limits",
      "breaker",
      "digest",
      "tiers",
    ]);
  });

  test("locked accepts exactly the key paths that exist", () => {
    const schema = configJsonSchema() as { properties: { locked: { items: { enum: string[] } } } };
    expect(schema.properties.locked.items.enum).toEqual(lockablePaths);
    expect(lockablePaths).toEqual(
      expect.arrayContaining(["mode", "agents", "policy", "policy.merge", "limits.burst.seconds", "breaker.lookback"]),
    );
    expect(lockablePaths).not.toContain("locked");
    expect(lockablePaths).not.toContain("_extends");
  });
});
