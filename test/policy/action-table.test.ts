import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { ACTION_KINDS } from "../../src/policy/agent-action.js";
import { ACTION_TABLE } from "../../src/policy/action-table.js";
import { renderActionTable } from "../../src/policy/render-action-table.js";
import { configSchema, lockablePaths } from "../../src/config/schema.js";

const doc = readFileSync(new URL("../../docs/agent-actions.md", import.meta.url), "utf8");
const containOptions: readonly string[] = configSchema.shape.breaker.shape.contain.element.options;
const tripOptions: readonly string[] = configSchema.shape.breaker.shape.trip_on.element.options;

describe("docs/agent-actions.md is the permission table of the code", () => {
  it("has exactly the table the code renders (npm run docs:actions rewrites it)", () => {
    expect(doc).toContain(renderActionTable());
  });

  it("has one row per action kind, and no row for a kind the pipeline does not know", () => {
    expect(Object.keys(ACTION_TABLE).sort()).toEqual([...ACTION_KINDS].sort());
    for (const kind of ACTION_KINDS) expect(doc).toContain(`| \`${kind}\` |`);
  });

  it.each(ACTION_KINDS)("%s: its config keys exist in the schema, with the values named", (kind) => {
    const row = ACTION_TABLE[kind];
    for (const [, path, value] of row.key.matchAll(/`([a-z_]+(?:\.[a-z_*]+)+)(?:: ([a-z_]+))?`/g)) {
      const prefix = path!.endsWith(".*") ? path!.slice(0, -2) : path!;
      expect(lockablePaths).toContain(prefix);
      if (value !== undefined && path === "breaker.trip_on") expect(tripOptions).toContain(value);
    }
    expect(row.key === "—" || /`[a-z_]+\./.test(row.key)).toBe(true);
  });

  it("names every step of breaker.contain in some row, and only real ones", () => {
    const named = new Set(Object.values(ACTION_TABLE).flatMap((row) => [...row.contain.matchAll(/\(`([a-z_]+)`/g)].map((m) => m[1]!)));
    for (const option of containOptions) expect(named).toContain(option);
    for (const word of named) expect(containOptions).toContain(word);
  });

  it("names only trip reasons that breaker.trip_on accepts", () => {
    for (const row of Object.values(ACTION_TABLE)) {
      for (const [, reason] of row.default.matchAll(/trips `([a-z_]+)`/g)) expect(tripOptions).toContain(reason);
    }
  });
});
