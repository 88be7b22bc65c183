import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "@jest/globals";
import { describeInvalid } from "../app/stand-in-harness.js";
import { runScenario } from "../../src/sim/run-scenario.js";
import { parseScenario } from "../../src/sim/scenario.js";

// Every example, the demo's scenario (examples/scenarios/demo.jsonl) among them.
const directory = new URL("../../examples/scenarios/", import.meta.url);
const files = readdirSync(directory)
  .filter((name) => name.endsWith(".jsonl"))
  .sort();

describe("every example scenario sends only requests GitHub accepts", () => {
  test("the examples include the demo's", () => {
    expect(files).toContain("demo.jsonl");
  });

  test.each(files)("%s", async (name) => {
    const result = await runScenario(parseScenario(readFileSync(new URL(name, directory), "utf8")));
    expect(result.requests.length).toBeGreaterThan(0);
    expect(result.requests.every((r) => typeof r.status === "number")).toBe(true);
    expect(describeInvalid(result.invalid)).toEqual([]);
  });
});
