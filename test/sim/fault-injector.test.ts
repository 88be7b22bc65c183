import { describe, expect, test } from "@jest/globals";
import { createFaultInjector } from "../../src/sim/fault-injector.js";
import { parseScenario, ScenarioError } from "../../src/sim/scenario.js";

describe("faults: a planned share of calls", () => {
  test("every: 3 fails the 3rd, 6th, 9th matching request; others and non-matching ones pass", () => {
    const pick = createFaultInjector([{ match: "^POST ", status: 502, every: 3 }]);
    const failed = Array.from({ length: 9 }, (_, i) => pick(`POST /repos/acme/widgets/issues/${i}/comments`) !== undefined);
    expect(failed).toEqual([false, false, true, false, false, true, false, false, true]);
    expect(pick("GET /repos/acme/widgets")).toBeUndefined();
  });

  test("every with times: the share stops after `times` failures", () => {
    const pick = createFaultInjector([{ match: "x", status: 500, every: 2, times: 1 }]);
    expect([pick("x"), pick("x"), pick("x"), pick("x")].map((f) => f !== undefined)).toEqual([false, true, false, false]);
  });

  test("delay_ms without a status is a slow success; a status is still required otherwise", () => {
    const line = (fault: Record<string, unknown>) => `${JSON.stringify({ world: { faults: [{ match: "x", ...fault }] } })}\n`;
    expect(parseScenario(line({ delay_ms: 50 })).world.faults?.[0]).toEqual({ match: "x", delay_ms: 50 });
    expect(() => parseScenario(line({}))).toThrow(/status must be one of/);
  });

  test("a scenario's every must be a whole number ≥ 1", () => {
    const line = (every: unknown) => `${JSON.stringify({ world: { faults: [{ match: "x", status: 500, every }] } })}\n`;
    expect(parseScenario(line(2)).world.faults?.[0]?.every).toBe(2);
    expect(() => parseScenario(line(0))).toThrow(ScenarioError);
    expect(() => parseScenario(line(1.5))).toThrow(/every must be a whole number/);
  });
});
