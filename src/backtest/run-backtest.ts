import type { Logger } from "pino";
import { CONFIG_PATH } from "../config/load-config.js";
import { knownCodingAgents } from "../config/defaults.js";
import type { Scenario, ScenarioEvent } from "../sim/scenario.js";
import { traceScenario } from "../sim/trace-scenario.js";
import { backtestWorld } from "./backtest-world.js";
import { historyEvents } from "./history-events.js";
import { observeConfig } from "./observe-config.js";
import type { RepoHistory } from "./repo-history.js";
import { summarizeBacktest, type BacktestReport } from "./summarize-backtest.js";

/** How to replay. */
export interface RunBacktestOptions {
  /** `--agent` logins, counted as agents besides the config's and the well-known coding agents. */
  agents?: readonly string[];
  log?: Logger;
}

/**
 * The backtest proper, once history is read: builds the scenario `simulate` would run (a world
 * seeded from the repository, the webhooks history implies, the config in observe mode) and runs
 * it through the same code path (traceScenario), then reads the audit log into the report.
 */
export async function runBacktest(history: RepoHistory, options: RunBacktestOptions = {}): Promise<BacktestReport> {
  const scenario = backtestScenario(history, options.agents ?? []);
  const trace = await traceScenario(scenario.scenario, options.log ? { log: options.log } : {});
  const notes = [...scenario.notes];
  const rejected = trace.events.filter((e) => e.error !== undefined);
  if (rejected.length > 0)
    notes.push(`${rejected.length} rebuilt webhook(s) were rejected by the app (first: ${rejected[0]?.name}: ${rejected[0]?.error})`);
  if (trace.result.invalid.length > 0)
    notes.push(`${trace.result.invalid.length} request(s) of the app would have been refused by GitHub (a bug: please report it)`);
  const world = scenario.scenario.world;
  return summarizeBacktest(
    trace.result,
    { repo: `${world.owner}/${world.repo}`, since: history.since, until: history.until, notes },
    options.agents ?? [],
  );
}

/** The scenario a backtest runs, with notes for the report. Pure. */
export function backtestScenario(history: RepoHistory, agents: readonly string[]): { scenario: Scenario; notes: string[] } {
  const notes: string[] = [];
  const known = knownCodingAgents.filter((a): a is string => typeof a === "string");
  const config = observeConfig(history.files[CONFIG_PATH], [...agents, ...known]);
  if (config.note !== undefined) notes.push(config.note);
  if (history.files[CONFIG_PATH] === undefined)
    notes.push(`${CONFIG_PATH} is absent from the default branch: the backtest ran on the defaults`);
  if (history.collaborators === undefined)
    notes.push("the token may not list collaborators: roles were taken from each author's association");
  const files: Record<string, string> = { ...history.files, [CONFIG_PATH]: config.text };
  // The org's file and an `_extends` target may set `mode` too (the org's may lock it): observe whatever they say.
  for (const key of Object.keys(files)) if (key.endsWith(`:${CONFIG_PATH}`)) files[key] = observeConfig(files[key], []).text;

  const world = backtestWorld(history, files);
  const events: ScenarioEvent[] = historyEvents(history).map((event, index) => ({
    line: index + 2,
    name: event.name,
    payload: event.payload,
    at: event.at,
    id: `backtest-${index + 1}`,
  }));
  return { scenario: { world, events, steps: events.map((e) => ({ kind: "event" as const, ...e })) }, notes };
}
