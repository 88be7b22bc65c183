import { describe, expect, test } from "@jest/globals";
import { classifyActor } from "../../src/policy/classify-actor.js";
import { matchLogin } from "../../src/policy/match-login.js";

const agents = [
  "Copilot",
  "copilot-swe-agent[bot]",
  "*-agent[bot]",
  424242,
  { login: "devin-ai-integration[bot]", policy: { comment: "flag" as const } },
];

describe("who is an agent", () => {
  test.each([
    [{ login: "Copilot", id: 198982749, type: "Bot" }, "agent"],
    [{ login: "copilot-swe-agent[bot]", id: 1, type: "Bot" }, "agent"],
    [{ login: "COPILOT", id: 1, type: "Bot" }, "agent"],
    [{ login: "amok-agent[bot]", id: 2, type: "Bot" }, "agent"],
    [{ login: "devin-ai-integration[bot]", id: 3, type: "Bot" }, "agent"],
    [{ login: "ghost-on-a-person", id: 424242, type: "User" }, "agent"],
    [{ login: "agent-guardrails[bot]", id: 9, type: "Bot" }, "app"],
    [{ login: "dependabot[bot]", id: 4, type: "Bot" }, "bot"],
    [{ login: "maint", id: 5, type: "User" }, "human"],
    [{ login: "amok-agentb", id: 6, type: "User" }, "human"],
  ])("%j is %s", (account, kind) => {
    expect(classifyActor(account, agents, "agent-guardrails[bot]").kind).toBe(kind);
  });

  test("[bot] is literal, not a character class", () => {
    expect(matchLogin("*-agent[bot]", "x-agent[bot]")).toBe(true);
    expect(matchLogin("*-agent[bot]", "x-agentb")).toBe(false);
    expect(matchLogin("a?c", "abc")).toBe(true);
    expect(matchLogin("a.c", "abc")).toBe(false);
  });

  test("a plain name (no wildcard) matches exactly that login, in any case", () => {
    expect(matchLogin("Copilot", "copilot")).toBe(true);
    expect(matchLogin("copilot-swe-agent[bot]", "COPILOT-SWE-AGENT[BOT]")).toBe(true);
    expect(matchLogin("copilot", "copilot2")).toBe(false);
    expect(matchLogin("bot]", "x[bot]")).toBe(false);
  });

  test("the app itself is never an agent, even when a glob would match it", () => {
    expect(classifyActor({ login: "agent-guardrails[bot]", id: 9, type: "Bot" }, ["*[bot]"], "agent-guardrails[bot]").kind).toBe("app");
  });
});
