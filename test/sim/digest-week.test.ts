import { describe, expect, test } from "@jest/globals";
import { runScenario } from "../../src/sim/run-scenario.js";
import { parseScenario, type World } from "../../src/sim/scenario.js";
import type { SimulationResult } from "../../src/sim/simulation-result.js";
import { describeInvalid, testWorld } from "../app/stand-in-harness.js";
import { accounts, commentEvent, issueCommentEvent, pullRequestEvent } from "../fixtures/webhook-examples.js";

const CONFIG = "owner: maint\nagents: [\"copilot-swe-agent[bot]\"]\npolicy: { comment: hold }\ndigest: weekly\n";
const TITLE = "Agent guardrails digest: maint 2026-W49";
const day = (d: number, hour: number) => new Date(Date.UTC(2026, 10, 30 + d, hour)).toISOString();

/**
 * A week of one agent in acme/widgets (2026-W49, Monday 2026-11-30 to Sunday 2026-12-06): a PR
 * approved after 2 h, three held comments (one approved after 1 h, one rejected, one left
 * waiting), a drill on Friday; a tick every day, then two after the week ended.
 */
function week(world: Partial<World> = {}): string {
  const lines: object[] = [{ world: { ...testWorld(CONFIG), ...world } }];
  const event = (name: string, at: string, payload: object) => lines.push({ name, at, payload });
  const say = (number: number, commentId: number, body: string) => issueCommentEvent(accounts.maint, { number, commentId, body });
  event("pull_request", day(0, 9), pullRequestEvent("opened", accounts.agent));
  event("issue_comment", day(0, 11), commentEvent("created", accounts.maint, "/guardrails approve", { threadAuthor: accounts.agent }));
  event("issue_comment", day(1, 9), issueCommentEvent(accounts.agent, { number: 12, commentId: 5001 }));
  event("issue_comment", day(1, 10), say(12, 6001, "/guardrails approve"));
  event("issue_comment", day(2, 9), issueCommentEvent(accounts.agent, { number: 13, commentId: 5002 }));
  event("issue_comment", day(2, 15), say(13, 6002, "/guardrails reject"));
  event("issue_comment", day(3, 9), issueCommentEvent(accounts.agent, { number: 14, commentId: 5003 }));
  event("issue_comment", day(4, 9), say(14, 6003, "/guardrails drill @copilot-swe-agent[bot]"));
  for (let d = 1; d <= 7; d++) lines.push({ tick: day(d, 0) });
  lines.push({ tick: day(7, 1) });
  return lines.map((l) => JSON.stringify(l)).join("\n");
}

const digestCreations = (result: SimulationResult) =>
  result.requests.filter((r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues" && (r.body as { title?: string } | undefined)?.title === TITLE);

describe("a simulated week posts exactly one digest", () => {
  test("one issue, assigned to the owner, with the week's numbers", async () => {
    const result = await runScenario(parseScenario(week()));
    expect(describeInvalid(result.invalid)).toEqual([]);
    const created = digestCreations(result);
    expect(created).toHaveLength(1);
    const body = created[0]!.body as { body: string; assignees?: string[] };
    expect(body.assignees).toEqual(["maint"]);
    expect(body.body).toContain("## `copilot-swe-agent[bot]` in `acme/widgets`");
    expect(body.body).toContain("| `issue_comment.created` | gate | 3 |");
    expect(body.body).toContain("| `pull_request.opened` | gate | 1 |");
    // The PR after 2 h and the first comment after 1 h: median 1.5 h.
    expect(body.body).toContain("- **Reviews:** 2 approved, 1 rejected, median time to approve 1.5 h");
    expect(body.body).toContain("- **Trips:** none");
    expect(body.body).toContain("- **Last kill-switch drill:** 2026-12-04");
    expect(body.body).toContain("- **Waiting for a human (1):**");
    expect(body.body).toContain("held comment to approve or reject: [`acme/widgets`#14](https://github.com/acme/widgets/issues/14#issuecomment-5003), since 2026-12-03 09:00 UTC");
    expect(body.body).toMatch(/<!-- agent-guardrails:digest "4242:maint:2026-W49" -->$/);
    // The tick after the boundary ran the job again: nothing more was asked of GitHub for it.
    expect(result.audit.filter((r) => r.action === "digest.posted").map((r) => r.verdict)).toEqual(["applied"]);
  });

  test("a lost answer to the creation (GitHub created it, then answered 502): the next run finds it by its marker, still one issue", async () => {
    const result = await runScenario(parseScenario(week({ faults: [{ match: "^POST /repos/acme/widgets/issues$", status: 502, after: true, times: 1 }] })));
    expect(describeInvalid(result.invalid)).toEqual([]);
    const created = digestCreations(result);
    expect(created.map((r) => r.status)).toEqual([502]);
    expect(result.audit.filter((r) => r.action === "digest.posted").map((r) => r.verdict)).toEqual(["found"]);
  });

  test("digest: off posts nothing", async () => {
    const result = await runScenario(parseScenario(week()), { config: CONFIG.replace("digest: weekly", "digest: off") });
    expect(result.requests.filter((r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues")).toEqual([]);
  });
});
