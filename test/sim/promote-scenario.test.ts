import { describe, expect, test } from "@jest/globals";
import { parse } from "yaml";
import type { RecordedRequest } from "../../src/sim/github-stand-in.js";
import { runScenario } from "../../src/sim/run-scenario.js";
import type { Fault, Scenario, ScenarioStep } from "../../src/sim/scenario.js";
import { accounts, issueCommentEvent } from "../fixtures/webhook-examples.js";

/**
 * `/guardrails promote|demote` through the stand-in: the app opens one pull request against the
 * config file (a branch of its own, one commit of the changed file, the PR, a reply linking it),
 * whatever is redelivered or lost on the way, and refuses what it may not propose.
 */
const CONFIG = [
  "# acme's guardrails: reviewed weekly by maint",
  "mode: enforce",
  "owner: dev # the accountable human",
  "agents:",
  '  - "*-agent[bot]"',
  "approvers: write",
  "policy: { comment: hide, pull_request: draft }",
  "digest: off",
  "",
].join("\n");

const AT = "2026-11-20T09:00:00.000Z";

function scenario(lines: ScenarioStep[], options: { faults?: Fault[]; org?: string } = {}): Scenario {
  const files: Record<string, string> = { ".github/agent-guardrails.yml": CONFIG };
  if (options.org !== undefined) files["acme/.github:.github/agent-guardrails.yml"] = options.org;
  const world = {
    owner: "acme",
    repo: "widgets",
    default_branch: "main",
    app: "agent-guardrails[bot]",
    permissions: { maint: "admin" as const, dev: "read" as const, reader: "read" as const },
    members: ["maint", "dev", "reader"],
    files,
    ...(options.faults ? { faults: options.faults } : {}),
  };
  return { world, events: lines.filter((l) => l.kind === "event"), steps: lines };
}

function command(body: string, id: string, by: (typeof accounts)[keyof typeof accounts] = accounts.maint, at = AT): ScenarioStep {
  return { kind: "event", line: 2, name: "issue_comment", payload: issueCommentEvent(by, { number: 5, commentId: 501, body }), at, id };
}

const posts = (requests: readonly RecordedRequest[], path: RegExp) => requests.filter((r) => r.method !== "GET" && path.test(r.path));
const fileWritten = (r: RecordedRequest) => Buffer.from(String((r.body as { content: string }).content), "base64").toString("utf8");

describe("/guardrails promote opens one pull request against the config file", () => {
  test("a maintainer's promote: a branch, the file with the agent's entry changed (the rest kept), the PR with the evidence, a reply with its link", async () => {
    const earlier: ScenarioStep = {
      kind: "event",
      line: 2,
      name: "issue_comment",
      payload: issueCommentEvent(accounts.agent, { number: 6, commentId: 600, body: "done" }),
      at: "2026-11-20T08:50:00.000Z",
      id: "agent-0",
    };
    const result = await runScenario(scenario([earlier, command("/guardrails promote @copilot-swe-agent[bot] comment=flag", "cmd-1")]));
    expect(result.invalid).toEqual([]);
    const refs = posts(result.requests, /\/git\/refs$/);
    expect(refs.map((r) => [r.status, (r.body as { ref: string }).ref])).toEqual([
      [201, "refs/heads/agent-guardrails/promote-copilot-swe-agent-bot-501"],
    ]);
    const puts = posts(result.requests, /\/contents\//);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.status).toBe(200); // the file exists on the branch: replaced, with its blob sha
    const text = fileWritten(puts[0]!);
    expect(text).toContain("# acme's guardrails: reviewed weekly by maint");
    expect(text).toContain("owner: dev # the accountable human");
    expect(parse(text).agents).toEqual([{ login: "copilot-swe-agent[bot]", policy: { comment: "flag" } }, "*-agent[bot]"]);
    const pulls = posts(result.requests, /\/pulls$/);
    expect(pulls.map((r) => r.status)).toEqual([201]);
    const pr = pulls[0]!.body as { head: string; base: string; title: string; body: string };
    expect(pr).toMatchObject({
      head: "agent-guardrails/promote-copilot-swe-agent-bot-501",
      base: "main",
      title: "agent-guardrails: promote copilot-swe-agent[bot] (comment=flag)",
    });
    expect(pr.body).toContain("### Evidence from the audit log (acme, the last 28 days)");
    expect(pr.body).toContain("- `issue_comment.created`: 1 gate");
    expect(pr.body).toContain("- 0 approval(s) and 0 rejection(s) by maintainers");
    expect(pr.body).toContain("Nothing changes until a human merges it");
    // The app ignores its own PR's events: it gives it the passing check itself, so a required
    // `agent-guardrails` check does not block the human merge.
    const checks = posts(result.requests, /\/check-runs$/);
    expect(checks.map((r) => (r.body as { conclusion: string; name: string }).conclusion)).toEqual(["success"]);
    expect((checks[0]!.body as { name: string }).name).toBe("agent-guardrails");
    const replies = posts(result.requests, /\/issues\/5\/comments$/);
    expect(replies).toHaveLength(1);
    expect(String((replies[0]!.body as { body: string }).body)).toMatch(/is proposed in https:\/\/github.com\/acme\/widgets\/pull\/\d+/);
    // Nothing changed where the config is read: the default branch's file is as the human left it.
    expect(posts(result.requests, /\/git\/refs\/heads\/main$/)).toEqual([]);
    expect(puts.every((r) => (r.body as { branch?: string }).branch !== "main")).toBe(true);
    expect(result.audit.find((r) => r.action === "command.promote")?.verdict).toBe("command");
    expect(result.pending).toEqual([]);
  });

  test("nothing changes until a human merges: the next agent comment is still decided by the default branch's file", async () => {
    const agentComment: ScenarioStep = {
      kind: "event",
      line: 3,
      name: "issue_comment",
      payload: issueCommentEvent(accounts.agent, { number: 6, commentId: 601, body: "done" }),
      at: "2026-11-20T09:01:00.000Z",
      id: "agent-1",
    };
    const result = await runScenario(
      scenario([command("/guardrails promote @copilot-swe-agent[bot] comment=flag", "cmd-1"), agentComment]),
    );
    expect(posts(result.requests, /\/pulls$/)).toHaveLength(1);
    const row = result.audit.find((r) => r.action === "issue_comment.created" && r.actor === accounts.agent.login);
    expect(row?.verdict).toBe("gate");
    expect(row?.effects.map((e) => e.kind)).toEqual(["minimize_comment"]);
    // The config is read without a ref (the default branch); only the PR effect reads its own branch.
    const branchReads = result.requests.filter((r) => r.method === "GET" && /contents\/\.github/.test(r.path) && /[?&]ref=/.test(r.path));
    expect(branchReads.every((r) => r.path.includes("ref=agent-guardrails"))).toBe(true);
  });

  test("a redelivered command opens no second pull request", async () => {
    const result = await runScenario(
      scenario([
        command("/guardrails promote @copilot-swe-agent[bot] comment=flag", "cmd-1"),
        command("/guardrails promote @copilot-swe-agent[bot] comment=flag", "cmd-1"),
      ]),
    );
    expect(posts(result.requests, /\/pulls$/)).toHaveLength(1);
    expect(posts(result.requests, /\/git\/refs$/)).toHaveLength(1);
    expect(posts(result.requests, /\/issues\/5\/comments$/)).toHaveLength(1);
  });

  test("lost answers (the branch, the commit and the PR made, then 502) are retried into the same one PR and one reply", async () => {
    const faults: Fault[] = [
      { match: "^POST /repos/acme/widgets/git/refs$", status: 502, after: true, times: 1 },
      { match: "^POST /repos/acme/widgets/pulls$", status: 502, after: true, times: 1 },
      { match: "^POST /repos/acme/widgets/issues/5/comments$", status: 502, after: true, times: 1 },
    ];
    const result = await runScenario(
      scenario(
        [
          command("/guardrails promote @copilot-swe-agent[bot] comment=flag", "cmd-1"),
          { kind: "tick", line: 3, at: "2026-11-20T10:00:00.000Z" },
        ],
        { faults },
      ),
    );
    expect(result.invalid).toEqual([]);
    expect(result.pending).toEqual([]);
    const refs = posts(result.requests, /\/git\/refs$/);
    // The second attempt's branch is refused as GitHub does ("Reference already exists") and reused.
    // (one more attempt per lost answer: the ref's, the PR's, the reply's).
    expect(refs.map((r) => r.status)).toEqual([502, 422, 422, 422]);
    // One commit of the change: the retry finds the branch's file already changed.
    expect(posts(result.requests, /\/contents\//)).toHaveLength(1);
    const pulls = posts(result.requests, /\/pulls$/);
    expect(pulls.map((r) => r.status)).toEqual([502]);
    const replies = posts(result.requests, /\/issues\/5\/comments$/);
    expect(replies.map((r) => r.status)).toEqual([502]);
  });

  test("the agent's owner may ask without being an approver; someone else below approvers may not", async () => {
    const owner = await runScenario(scenario([command("/guardrails promote @copilot-swe-agent[bot] comment=flag", "cmd-1", accounts.dev)]));
    expect(posts(owner.requests, /\/pulls$/)).toHaveLength(1);
    const reader = await runScenario(
      scenario([command("/guardrails promote @copilot-swe-agent[bot] comment=flag", "cmd-2", accounts.reader)]),
    );
    expect(posts(reader.requests, /\/pulls$/)).toEqual([]);
    expect(reader.audit.find((r) => r.action === "command.promote")?.reasons.join(" ")).toMatch(/below approvers/);
  });
});

describe("what promote and demote refuse, with the reason in the thread and no pull request", () => {
  test("an org-locked key", async () => {
    const org = "locked: [policy.comment]\npolicy: { comment: hide }\n";
    const result = await runScenario(scenario([command("/guardrails promote @copilot-swe-agent[bot] comment=allow", "cmd-1")], { org }));
    expect(result.invalid).toEqual([]);
    expect(posts(result.requests, /\/pulls$|\/git\/refs$|\/contents\//)).toEqual([]);
    const reply = posts(result.requests, /\/issues\/5\/comments$/);
    expect(reply).toHaveLength(1);
    expect(String((reply[0]!.body as { body: string }).body)).toMatch(
      /comment is locked by the organization's config \(locked: policy.comment\)/,
    );
  });

  test("a demote that would widen", async () => {
    const result = await runScenario(scenario([command("/guardrails demote @copilot-swe-agent[bot] comment=allow", "cmd-1")]));
    expect(posts(result.requests, /\/pulls$|\/git\/refs$|\/contents\//)).toEqual([]);
    const reply = posts(result.requests, /\/issues\/5\/comments$/);
    expect(String((reply[0]!.body as { body: string }).body)).toMatch(/demote must tighten comment .*allow is looser than hide/);
    expect(result.audit.find((r) => r.action === "command.demote")?.verdict).toBe("refused");
  });

  test("a demote that tightens opens its pull request", async () => {
    const result = await runScenario(
      scenario([command("/guardrails demote @copilot-swe-agent[bot] comment=hold limits.comments_per_hour=5", "cmd-1")]),
    );
    expect(result.invalid).toEqual([]);
    const text = fileWritten(posts(result.requests, /\/contents\//)[0]!);
    expect(parse(text).agents[0]).toEqual({
      login: "copilot-swe-agent[bot]",
      policy: { comment: "hold" },
      limits: { comments_per_hour: 5 },
    });
    expect(posts(result.requests, /\/pulls$/)).toHaveLength(1);
  });
});
