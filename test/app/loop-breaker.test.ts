import { readFileSync } from "node:fs";
import { afterEach, describe, expect, test } from "@jest/globals";
import { runScenario } from "../../src/sim/run-scenario.js";
import { parseScenario } from "../../src/sim/scenario.js";
import { PING_PONG_CONFIG, PING_PONG_WORLD, pingPongEvents } from "../fixtures/ping-pong.js";
import { describeInvalid, describeRequests, startStandInApp, type StandInApp } from "./stand-in-harness.js";

// The loop breaker end to end: an agent and an unlisted bot answering each other in one issue
// (labelled "paused", which neither reads) trip `loop` within minutes, while every hourly limit
// is far away. Letters as in pingPongEvents: A = claude[bot], B = coderabbitai[bot], h = a human.

let app: StandInApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Delivers the ping-pong's events in order; the requests each one cost, by delivery id. */
async function play(letters: string): Promise<Map<string, string[]>> {
  app = await startStandInApp({ config: PING_PONG_CONFIG, world: PING_PONG_WORLD });
  const costs = new Map<string, string[]>();
  for (const event of pingPongEvents(letters)) {
    app.now.value = new Date(event.at!);
    const from = app.standIn.requests.length;
    await app.receive(event.name, event.payload as Record<string, unknown>, event.id);
    costs.set(event.id!, describeRequests(app.requestsSince(from)));
  }
  return costs;
}

describe("loop breaker: a ping-pong in one thread", () => {
  test("the example scenario: claude[bot] and coderabbitai[bot] trip loop on the 7th comment, long before the hourly limits", async () => {
    const text = readFileSync(new URL("../../examples/scenarios/bot-ping-pong-loop.jsonl", import.meta.url), "utf8");
    const result = await runScenario(parseScenario(text));
    expect(describeInvalid(result.invalid)).toEqual([]);
    expect(result.trips).toEqual([{ actor: "claude[bot]", reason: "loop", at: "2026-11-20T09:04:40.000Z" }]);
    const tripped = result.audit.filter((r) => r.action === "breaker.tripped");
    expect(tripped).toHaveLength(1);
    expect(tripped[0]!.reasons[0]).toContain("claude[bot] and coderabbitai[bot] answered each other 6 times in #12 of acme/widgets");
    // The comment that closed the loop is contained on arrival; the agent's earlier ones in the lookback are hidden.
    const agentRows = result.audit.filter((r) => r.actor === "claude[bot]" && r.action === "issue_comment.created");
    expect(agentRows.map((r) => r.verdict)).toEqual(["allow", "allow", "allow", "contained"]);
    expect(result.requests.filter((r) => r.operation === "minimizeComment")).toHaveLength(3);
    // Four agent comments in five minutes: no hourly (20 comments) or burst (10 a minute) limit was near.
    expect(result.audit.some((r) => /breaker trips on (rate|burst|blast_radius)/.test(r.reasons.join(" ")))).toBe(false);
    expect(agentRows.length).toBeLessThan(20);
  });

  test("the unlisted bot's comments cost no GitHub request (a store row each), and the agent's 4th trips", async () => {
    const costs = await play("ABABABA");
    // Delivery 1 is the issue opening (config read); then comments: even = claude, odd = coderabbit.
    for (const id of ["ping-pong-2", "ping-pong-4", "ping-pong-6"]) expect(costs.get(id)).toEqual([]);
    expect(await app!.store.breakers()).toEqual([expect.objectContaining({ agent: "claude[bot]", state: "open", reason: "loop" })]);
  });

  test("a human's comment in between breaks the chain (and costs no request): no trip", async () => {
    const costs = await play("ABABAhABABA");
    expect(costs.get("ping-pong-6")).toEqual([]);
    expect(await app!.store.breakers()).toEqual([]);
    const rows = await app!.store.listAudit({ actor: "claude[bot]", action: "issue_comment.created" });
    expect(rows.map((r) => r.verdict)).toEqual(["allow", "allow", "allow", "allow", "allow", "allow"]);
  });

  test("the same ping-pong without the human trips", async () => {
    await play("ABABABABABA");
    expect((await app!.store.breakers()).map((b) => [b.agent, b.reason])).toEqual([["claude[bot]", "loop"]]);
  });

  test("an agent answering itself trips on its 6th comment in a row", async () => {
    await play("AAAAAA");
    const rows = await app!.store.listAudit({ actor: "claude[bot]", action: "issue_comment.created" });
    expect(rows.map((r) => r.verdict)).toEqual(["allow", "allow", "allow", "allow", "allow", "contained"]);
    expect(rows[5]!.reasons[0]).toContain("claude[bot] answered itself 6 times in #12");
  });

  test("comments spread over more than limits.loop.seconds do not trip", async () => {
    app = await startStandInApp({ config: PING_PONG_CONFIG, world: PING_PONG_WORLD });
    const events = pingPongEvents("ABABABAB");
    for (const [i, event] of events.entries()) {
      // Three minutes apart: only four comments fit in any 600 s window.
      app.now.value = new Date(Date.parse("2026-11-20T09:00:00Z") + i * 180_000);
      await app.receive(event.name, event.payload as Record<string, unknown>, event.id);
    }
    expect(await app.store.breakers()).toEqual([]);
  });
});
