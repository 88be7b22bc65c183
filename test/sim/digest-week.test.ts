import { readFileSync } from "node:fs";
import { describe, expect, test } from "@jest/globals";
import { runScenario } from "../../src/sim/run-scenario.js";
import { parseScenario, type Scenario, type World } from "../../src/sim/scenario.js";
import type { SimulationResult } from "../../src/sim/simulation-result.js";
import { describeInvalid } from "../app/stand-in-harness.js";

const CONFIG = 'owner: maint\nagents: ["copilot-swe-agent[bot]"]\npolicy: { comment: hold }\ndigest: weekly\n';
const TITLE = "Agent guardrails digest: maint 2026-W49";

/**
 * examples/scenarios/digest-week.jsonl: a week of one agent in acme/widgets (2026-W49, Monday
 * 2026-11-30 to Sunday 2026-12-06): PR #42 approved after 2 h, three held comments (on #12
 * approved after 1 h, on #13 rejected, on #14 left waiting), a drill on Friday; a tick every day,
 * then two after the week ended. Config: owner maint, comment: hold, digest: weekly.
 */
const WEEK = readFileSync(new URL("../../examples/scenarios/digest-week.jsonl", import.meta.url), "utf8");
function week(world: Partial<World> = {}): Scenario {
  const scenario = parseScenario(WEEK);
  return { ...scenario, world: { ...scenario.world, ...world } };
}

const digestCreations = (result: SimulationResult) =>
  result.requests.filter(
    (r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues" && (r.body as { title?: string } | undefined)?.title === TITLE,
  );

describe("a simulated week posts exactly one digest", () => {
  test("one issue, assigned to the owner, with the week's numbers", async () => {
    const result = await runScenario(week());
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
    expect(body.body).toContain(
      "held comment to approve or reject: [`acme/widgets`#14](https://github.com/acme/widgets/issues/14#issuecomment-5003), since 2026-12-03 09:00 UTC",
    );
    expect(body.body).toMatch(/<!-- agent-guardrails:digest "4242:maint:2026-W49" -->$/);
    // The tick after the boundary ran the job again: nothing more was asked of GitHub for it.
    expect(result.audit.filter((r) => r.action === "digest.posted").map((r) => r.verdict)).toEqual(["applied"]);
  });

  test("a lost answer to the creation (GitHub created it, then answered 502): the next run finds it by its marker, still one issue", async () => {
    const result = await runScenario(
      week({ faults: [{ match: "^POST /repos/acme/widgets/issues$", status: 502, after: true, times: 1 }] }),
    );
    expect(describeInvalid(result.invalid)).toEqual([]);
    const created = digestCreations(result);
    expect(created.map((r) => r.status)).toEqual([502]);
    expect(result.audit.filter((r) => r.action === "digest.posted").map((r) => r.verdict)).toEqual(["found"]);
  });

  test("digest: off posts nothing", async () => {
    const result = await runScenario(week(), { config: CONFIG.replace("digest: weekly", "digest: off") });
    expect(result.requests.filter((r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues")).toEqual([]);
  });

  test("a person's comment posted by an agent's App lists their account, with the evidence and the entry to make it an agent", async () => {
    const scenario = week();
    const at = scenario.steps.findIndex((s) => s.kind === "event" && s.at === "2026-12-03T09:00:00.000Z");
    const agentComment = scenario.steps[at] as Extract<Scenario["steps"][number], { kind: "event" }>;
    const payload = structuredClone(agentComment.payload) as { sender: object; comment: Record<string, unknown> };
    const dev = { login: "dev", id: 3003, node_id: "U_dev", type: "User" };
    payload.sender = dev;
    payload.comment = {
      ...payload.comment,
      id: 7001,
      node_id: "IC_7001",
      body: "I opened a fix.",
      user: dev,
      performed_via_github_app: { id: 1144995, slug: "claude", node_id: "A_claude", name: "Claude", owner: { login: "anthropics" } },
    };
    const stamped = { ...agentComment, payload, at: "2026-12-03T12:00:00.000Z", id: "stamped-7001" };
    scenario.steps.splice(at + 1, 0, stamped);
    scenario.events.push(stamped);
    const result = await runScenario(scenario);
    expect(describeInvalid(result.invalid)).toEqual([]);
    const body = (digestCreations(result)[0]!.body as { body: string }).body;
    expect(body).toContain("## Accounts acting with an agent's evidence");
    expect(body).toContain(
      '- `dev`: 1 action(s) with evidence; strongest evidence: app `claude` (`Claude Code`) in `comment 7001`. To make it an agent there: `agents: [{ login: "dev", when: [{ agent: "Claude Code", signal: app }] }]`',
    );
  });
});
