import { describe, expect, test } from "@jest/globals";
import { readdirSync, readFileSync } from "node:fs";
import { mergeConfig } from "../../src/config/merge-config.js";
import { parseConfigFile } from "../../src/config/parse-config-file.js";
import { configSchema } from "../../src/config/schema.js";

const DIR = new URL("../../examples/configs/", import.meta.url);
const examples = readdirSync(DIR).filter((name) => name.endsWith(".yml") || name.endsWith(".yaml"));

describe("examples/configs", () => {
  test("there are examples to check", () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
  });

  test.each(examples)("%s is valid and resolves to a complete config", (name) => {
    const { value, issues } = parseConfigFile(name, readFileSync(new URL(name, DIR), "utf8"));
    expect(issues).toEqual([]);
    expect(configSchema.safeParse(mergeConfig({ repo: value }).config).success).toBe(true);
  });

  test("the org example's locks hold against a repository file that tries to loosen them", () => {
    const org = parseConfigFile("org-defaults.yml", readFileSync(new URL("org-defaults.yml", DIR), "utf8")).value;
    const { config, lockedOverrides } = mergeConfig({
      org,
      repo: { mode: "observe", policy: { merge: "require_approval" }, limits: { actions_per_hour: 9999 } },
    });
    expect(config.mode).toBe("enforce");
    expect(config.policy.merge).toBe("deny");
    expect(config.limits.actions_per_hour).toBe(60);
    expect(lockedOverrides).toEqual(["mode", "policy.merge", "limits"]);
  });
});
