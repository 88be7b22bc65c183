import { describe, expect, test } from "@jest/globals";
import { readFileSync, readdirSync } from "node:fs";
import { parseScenario, ScenarioError } from "../../src/sim/scenario.js";
import { countAgentActions, tripsFrom } from "../../src/sim/simulation-result.js";
import type { AuditRow } from "../../src/store/store.js";

const event = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    name: "issues",
    payload: { action: "opened", repository: { name: "r", owner: { login: "o" }, default_branch: "trunk" } },
    ...extra,
  });

describe("parseScenario", () => {
  test("a world line, events with and without at and id, blank lines skipped", () => {
    const text = [
      JSON.stringify({
        world: {
          owner: "acme",
          repo: "widgets",
          default_branch: "main",
          app: "g[bot]",
          permissions: { a: "admin" },
          members: ["a"],
          files: { x: "y" },
        },
      }),
      event({ at: "2026-11-20T09:00:00Z", id: "d1" }),
      "",
      event(),
    ].join("\n");
    const scenario = parseScenario(text);
    expect(scenario.world).toEqual({
      owner: "acme",
      repo: "widgets",
      default_branch: "main",
      app: "g[bot]",
      permissions: { a: "admin" },
      members: ["a"],
      files: { x: "y" },
    });
    expect(scenario.events.map(({ line, at, id }) => ({ line, at, id }))).toEqual([
      { line: 2, at: "2026-11-20T09:00:00.000Z", id: "d1" },
      { line: 4, at: undefined, id: undefined },
    ]);
  });

  test("without a world line, the world comes from the first event's repository", () => {
    expect(parseScenario(event()).world).toEqual({
      owner: "o",
      repo: "r",
      default_branch: "trunk",
      app: "agent-guardrails[bot]",
      permissions: {},
      members: [],
      files: {},
    });
  });

  test.each([
    ["not JSON", `${event()}\n{nope`, /^line 2: not valid JSON/],
    ["an array", "[1]", /^line 1: expected a JSON object/],
    ["no name", JSON.stringify({ payload: {} }), /^line 1: an event needs "name"/],
    ["no payload", JSON.stringify({ name: "push" }), /^line 1: event "push" needs "payload"/],
    ["a bad time", event({ at: "yesterday" }), /^line 1: "at" must be an ISO time/],
    ["a bad role", JSON.stringify({ world: { permissions: { a: "owner" } } }), /^line 1: world.permissions\["a"\] must be one of/],
    ["a late world", `${event()}\n${JSON.stringify({ world: {} })}`, /^line 2: a world line may only be the first line/],
  ])("a bad line is an error naming it: %s", (_label, text, message) => {
    expect(() => parseScenario(text)).toThrow(ScenarioError);
    expect(() => parseScenario(text)).toThrow(message);
  });

  test("the shared and bundled example scenarios parse", () => {
    const dirs = [new URL("../../examples/scenarios/", import.meta.url)];
    const files = dirs.flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => f.endsWith(".jsonl"))
        .map((f) => new URL(f, dir)),
    );
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const scenario = parseScenario(readFileSync(file, "utf8"));
      expect(scenario.events.length).toBeGreaterThan(0);
      expect(scenario.world.owner).toBe("acme");
    }
  });
});

describe("the result's counts come from the audit log", () => {
  const row = (action: string, actorKind: AuditRow["actorKind"], detail: Record<string, unknown> = {}): AuditRow => ({
    id: 1,
    at: "2026-11-20T09:00:00.000Z",
    deliveryId: "d",
    org: "acme",
    repo: "acme/widgets",
    actor: "copilot-swe-agent[bot]",
    actorKind,
    action,
    targetNumber: null,
    targetNodeId: null,
    targetUrl: null,
    targetSha: null,
    verdict: "gate",
    reasons: [],
    effects: [],
    detail,
  });

  test("agentActions counts agent rows that are not effects, commands, config reports or breaker rows", () => {
    const audit = [
      row("pull_request.opened", "agent"),
      row("effect.convert_to_draft", "agent"),
      row("command.approve", "agent"),
      row("issue_comment.created", "agent"),
      row("issue_comment.created", "human"),
      row("breaker.tripped", "agent", { agent: "copilot-swe-agent[bot]", reason: "rate" }),
    ];
    expect(countAgentActions(audit)).toBe(2);
  });

  test("trips are breaker.tripped rows: actor and reason from the detail", () => {
    const audit = [
      row("pull_request.opened", "agent"),
      { ...row("breaker.tripped", "human", { agent: "amok-agent[bot]", reason: "manual" }), actor: "maint" },
    ];
    expect(tripsFrom(audit)).toEqual([{ actor: "amok-agent[bot]", reason: "manual", at: "2026-11-20T09:00:00.000Z" }]);
  });
});
