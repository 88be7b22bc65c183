import { describe, expect, test } from "@jest/globals";
import { strictDefaults } from "../../src/config/defaults.js";
import type { GuardrailsConfig } from "../../src/config/schema.js";
import { checkTrip } from "../../src/policy/breaker/check-trip.js";
import type { ThreadComment } from "../../src/policy/breaker/thread-comment.js";
import { decide } from "../../src/policy/decide.js";
import type { Actor } from "../../src/policy/agent-action.js";
import { action } from "../fixtures/actions.js";

// The loop breaker as a table: the agent's comment, and the thread's comments just before it
// (newest first, as the store reads them). A = the agent, B = an unlisted bot, C = a second agent, h = a human.
const NOW = new Date("2026-11-20T09:00:00Z");
const claude: Actor = { login: "claude[bot]", id: 5001, kind: "agent", isBot: true };
const config: GuardrailsConfig = {
  ...strictDefaults,
  agents: ["claude[bot]", "copilot-swe-agent[bot]"],
  limits: { ...strictDefaults.limits, loop: { replies: 6, seconds: 600 } },
};
const WHO: Record<string, Pick<ThreadComment, "actor" | "actorKind">> = {
  A: { actor: "claude[bot]", actorKind: "agent" },
  B: { actor: "coderabbitai[bot]", actorKind: "bot" },
  C: { actor: "copilot-swe-agent[bot]", actorKind: "agent" },
  h: { actor: "maint", actorKind: "human" },
};
/** "BABAB" → the thread's comments newest first, 30 s apart. */
function thread(letters: string): ThreadComment[] {
  return [...letters].map((l, i) => ({
    ...WHO[l]!,
    kind: "issue_comment.created",
    at: new Date(NOW.getTime() - (i + 1) * 30_000).toISOString(),
  }));
}
const comment = action("issue_comment.created", { actor: claude, target: { number: 7, isPullRequest: false, commentId: 99 } });

describe("loop: an agent's comment and the non-human chain before it", () => {
  test.each([
    ["5 non-human comments before it (BABAB): its own is the 6th → loop", "BABAB", "loop"],
    ["4 before it (BABA): 5 in a row → none", "BABA", null],
    ["a human just before it (hBABAB) → none: a person is in the loop", "hBABAB", null],
    ["a human inside the chain (BAhBAB): 3 in a row since → none", "BAhBAB", null],
    ["the agent answering itself (AAAAA) → loop", "AAAAA", "loop"],
    ["two agents (CACAC) → loop", "CACAC", "loop"],
    ["a chain longer than needed (BABAB, then a human further back) → loop", "BABABh", "loop"],
    ["an empty thread → none", "", null],
  ] as const)("%s", (_row, letters, reason) => {
    const trip = checkTrip(comment, config, { loop: { thread: 7, recent: thread(letters) } });
    expect(trip?.reason ?? null).toBe(reason);
  });

  test("the evidence names the accounts, their counts and the thread", () => {
    const trip = checkTrip(comment, config, { loop: { thread: 7, recent: thread("BABAB") } });
    expect(trip).toEqual({
      agent: "claude[bot]",
      reason: "loop",
      evidence:
        "claude[bot] and coderabbitai[bot] answered each other 6 times in #7 of acme/widgets within 600s, no human in between (comments: claude[bot] 3, coderabbitai[bot] 3)",
    });
  });

  test("an agent answering itself is named as such", () => {
    expect(checkTrip(comment, config, { loop: { thread: 7, recent: thread("AAAAA") } })?.evidence).toMatch(
      /^claude\[bot\] answered itself 6 times/,
    );
  });

  test("limits.loop.replies sets the length: 3 in a row trip at 3", () => {
    const short = { ...config, limits: { ...config.limits, loop: { replies: 3, seconds: 600 } } };
    expect(checkTrip(comment, short, { loop: { thread: 7, recent: thread("B") } })).toBeNull();
    expect(checkTrip(comment, short, { loop: { thread: 7, recent: thread("BA") } })?.reason).toBe("loop");
  });

  test("without loop in breaker.trip_on nothing trips", () => {
    const off = { ...config, breaker: { ...config.breaker, trip_on: config.breaker.trip_on.filter((t) => t !== "loop") } };
    expect(checkTrip(comment, off, { loop: { thread: 7, recent: thread("BABABABAB") } })).toBeNull();
  });

  test("decide trips and contains: the breaker's trip carries reason loop", () => {
    const decision = decide(comment, config, { breaker: { halted: false }, loop: { thread: 7, recent: thread("BABAB") } }, NOW);
    expect(decision.trip?.reason).toBe("loop");
  });
});
