import type { Scenario } from "./scenario.js";
import type { SimulationResult } from "./simulation-result.js";
import { traceScenario, type SimulateOptions } from "./trace-scenario.js";

export type { SimulationResult } from "./simulation-result.js";
export type { SimulateOptions } from "./trace-scenario.js";

/**
 * Runs a scenario through the real app against the GitHub stand-in and returns exactly the
 * `simulate` contract's object (docs/simulate.md): `{ events, agentActions, trips, requests, audit }`.
 */
export async function runScenario(scenario: Scenario, options: SimulateOptions = {}): Promise<SimulationResult> {
  return (await traceScenario(scenario, options)).result;
}
