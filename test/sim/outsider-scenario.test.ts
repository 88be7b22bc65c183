import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { runScenario } from "../../src/sim/run-scenario.js";
import { parseScenario } from "../../src/sim/scenario.js";

const scenario = parseScenario(readFileSync(new URL("../../examples/scenarios/agent-replies-to-outsider.jsonl", import.meta.url), "utf8"));
const ZWSP = "\u200b";

describe("scenario: the agent replies to an outsider's issue", () => {
  test("the reply is deleted and held; the maintainer's approval re-posts it with mentions neutralised", async () => {
    const result = await runScenario(scenario);
    expect(result.events).toBe(3);
    expect(result.agentActions).toBe(1);
    expect(result.trips).toEqual([]);

    // The config is read once; the outsider's own issue costs nothing more. The reply's thread is
    // outside the org by its author_association (no read); each mention is read once.
    expect(result.requests.filter((r) => !r.path.includes("/contents/")).map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /orgs/acme/members/stranger",
      "GET /orgs/acme/members/maint",
      "DELETE /repos/acme/widgets/issues/comments/3201",
      "GET /repos/acme/widgets/collaborators/maint/permission",
      // The re-post's marker is looked up in the thread first: a lost answer's re-post is not repeated.
      "GET /repos/acme/widgets/issues/12/comments?per_page=100",
      "POST /repos/acme/widgets/issues/12/comments",
    ]);
    const repost = String((result.requests.at(-1)?.body as { body?: unknown }).body);
    expect(repost).toContain("written by `Copilot`, approved by `maint`");
    expect(repost).toContain(`Thanks for the report, @${ZWSP}stranger!`);
    expect(repost).toContain(`> @${ZWSP}maint should an empty input`);
    expect(repost).not.toMatch(/@(stranger|maint)/);
    expect(repost).toContain("[image: repro](https://images.invalid/repro.png)");
    expect(repost).not.toContain("![");

    expect(result.audit.map((r) => `${r.actor} ${r.action} ${r.verdict}`)).toEqual([
      "Copilot issue_comment.created gate",
      "agent-guardrails[bot] effect.delete_comment applied",
      "maint command.approve command",
      "agent-guardrails[bot] effect.create_comment applied",
    ]);
    const [reply, , approval] = result.audit;
    expect(reply?.reasons[0]).toContain("in a thread opened outside the org, mentioning outsiders stranger");
    expect(reply?.reasons[0]).toContain("policy.external_comment: hold");
    expect(reply?.detail).toMatchObject({ threadAuthor: "stranger", external: true, outsideMentions: ["stranger"] });
    // After the delete, the audit row holds the only copy of the agent's text, verbatim.
    const original = (scenario.events[1]?.payload.comment as { body: string }).body;
    expect(reply?.detail.held).toEqual([
      expect.objectContaining({ commentId: 3201, mode: "hold", external: true, status: "pending", body: original }),
    ]);
    expect(approval?.detail.resolutions).toEqual([{ commentId: 3201, status: "approved", resolver: "maint" }]);
  });

  test("in observe mode the reply stays up: the delete is only planned, so there is nothing to re-post", async () => {
    const observe = (scenario.world.files[".github/agent-guardrails.yml"] ?? "").replace("mode: enforce", "mode: observe");
    expect(observe).toContain("mode: observe");
    const result = await runScenario(scenario, { config: observe });
    expect(result.requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(result.audit.map((r) => `${r.action} ${r.verdict}`)).toEqual([
      "issue_comment.created gate",
      "effect.delete_comment planned",
      "command.approve command",
    ]);
    expect(result.audit[2]?.reasons).toEqual(["maint approved; nothing is pending in this thread"]);
  });
});
