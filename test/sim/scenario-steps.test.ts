import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { parseScenario, type Scenario } from "../../src/sim/scenario.js";
import { traceScenario } from "../../src/sim/trace-scenario.js";

const demo = parseScenario(readFileSync(new URL("../../examples/scenarios/demo.jsonl", import.meta.url), "utf8"));
const CONFIG = ".github/agent-guardrails.yml";
const agentPr = demo.steps[0] as Scenario["steps"][number] & { kind: "event" };
const at = (offsetSeconds: number) => new Date(Date.parse(agentPr.at as string) + offsetSeconds * 1000).toISOString();

/** The demo's world; `observing`: its config in observe mode (no writes), until a files line brings the enforcing one. */
function scenarioOf(steps: Scenario["steps"], observing = false): Scenario {
  const world = structuredClone(demo.world);
  const config = world.files[CONFIG] as string;
  if (observing) world.files[CONFIG] = config.replace("mode: enforce", "mode: observe");
  return {
    world,
    events: steps.filter((s) => s.kind === "event") as Scenario["events"],
    steps: steps.map((s) => (s.kind === "files" && s.files[CONFIG] === "" ? { ...s, files: { [CONFIG]: config } } : s)),
  };
}

describe("scenario lines beside webhooks", () => {
  test("a files line changes the default branch from that moment: the app reads the config it brings", async () => {
    const without = await traceScenario(scenarioOf([agentPr], true));
    expect(without.result.requests.some((r) => r.operation === "convertPullRequestToDraft")).toBe(false);
    const withFiles = await traceScenario(scenarioOf([{ kind: "files", line: 2, files: { [CONFIG]: "" } }, agentPr], true));
    expect(withFiles.result.requests.some((r) => r.operation === "convertPullRequestToDraft")).toBe(true);
    expect(withFiles.result.events).toBe(1);
  });

  test("a tick runs an effect that falls due on the way, before the next line", async () => {
    const redelivery = { ...agentPr, line: 4 };
    delete redelivery.at;
    const steps = [agentPr, { kind: "tick" as const, line: 3, at: at(120) }, redelivery];
    const rateLimited = (standIn: {
      failNext: (m: { method: string; pathPrefix: string }, s: number, h: Record<string, string>) => void;
    }) => standIn.failNext({ method: "POST", pathPrefix: "/repos/acme/widgets/check-runs" }, 429, { "retry-after": "60" });
    const checkPosts = (requests: { method: string; path: string }[]) =>
      requests.flatMap((r, i) => (r.method === "POST" && r.path.endsWith("/check-runs") ? [i] : []));

    const ticked = await traceScenario(scenarioOf(steps), { onStandIn: rateLimited });
    const retried = checkPosts(ticked.result.requests)[1] as number;
    expect(retried).toBeLessThan(ticked.events[1]?.requestsFrom as number);
    expect(ticked.result.pending).toEqual([]);

    // Without the tick the retry waits for the final sweep, after the last line.
    const unticked = await traceScenario(scenarioOf([agentPr, redelivery]), { onStandIn: rateLimited });
    expect(checkPosts(unticked.result.requests)[1]).toBeGreaterThanOrEqual(unticked.events[1]?.requestsTo as number);
  });

  test("pending lists what was not applied when the run ended, with its last error", async () => {
    const { result } = await traceScenario(scenarioOf([agentPr]), {
      onStandIn: (standIn) =>
        standIn.failNext({ method: "POST", pathPrefix: "/repos/acme/widgets/check-runs" }, 429, { "retry-after": String(3 * 86_400) }),
    });
    expect(result.pending.length).toBeGreaterThan(0);
    expect(result.pending[0]).toEqual({ kind: expect.any(String), reason: expect.stringMatching(/429|rate|limit/i) });
  });
});
