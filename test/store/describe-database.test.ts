import { describe, expect, test } from "@jest/globals";
import { resolve } from "node:path";
import { describeDatabase } from "../../src/store/open-store.js";

describe("the store named in the start-up line, never with a password", () => {
  test.each([
    [undefined, `sqlite ${resolve("./data/guardrails.db")}`],
    ["", `sqlite ${resolve("./data/guardrails.db")}`],
    ["sqlite:/var/lib/g.db", "sqlite /var/lib/g.db"],
    [":memory:", "sqlite :memory:"],
    ["postgres://guard:s3cret@db.internal:6543/guardrails?sslmode=require", "postgres db.internal:6543/guardrails"],
    ["postgresql://guard@db.internal/guardrails", "postgres db.internal:5432/guardrails"],
  ])("%j → %s", (url, described) => {
    expect(describeDatabase(url)).toBe(described);
    expect(describeDatabase(url)).not.toContain("s3cret");
  });
});
