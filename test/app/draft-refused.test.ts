import { afterEach, describe, expect, test } from "@jest/globals";
import { accounts, commentEvent, pullRequestEvent } from "../fixtures/webhook-examples.js";
import { describeRequests, startStandInApp, writesOf, type StandInApp } from "./stand-in-harness.js";

/**
 * An installation whose owner kept contents at read (enough for the config file): GitHub refuses
 * the App the draft conversion, which needs contents: write besides pull_requests: write. The
 * refusal is audited with the reason and the way to see what else is missing; the label and the
 * failing check still gate the PR; and `/guardrails drill` names the permission.
 */
const AGENT = "copilot-swe-agent[bot]";
const CONFIG = ["owner: maint", `agents: ["${AGENT}"]`, "approvers: write"].join("\n");
const WITHOUT_CONTENTS_WRITE = {
  contents: "read",
  pull_requests: "write",
  checks: "write",
  issues: "write",
  discussions: "read",
  members: "read",
  metadata: "read",
} as const;

let app: StandInApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe("the draft conversion refused for want of contents: write", () => {
  test("audited as failed with the reason; the label and check go out; drill reports the step refused", async () => {
    app = await startStandInApp({ config: CONFIG, world: { installation_permissions: { ...WITHOUT_CONTENTS_WRITE } } });

    let from = app.standIn.requests.length;
    await app.receive("pull_request", pullRequestEvent("opened", accounts.agent));
    const sent = app.requestsSince(from);
    expect(describeRequests(writesOf(sent))).toEqual([
      "POST /graphql convertPullRequestToDraft",
      "POST /repos/acme/widgets/issues/42/labels",
      "POST /repos/acme/widgets/check-runs",
    ]);
    const [draft, label, check] = writesOf(sent);
    // GraphQL refusals are HTTP 200 with a FORBIDDEN error; the REST writes went through.
    expect(draft!.status).toBe(200);
    expect(label!.status).toBe(200);
    expect(label!.body).toEqual({ labels: ["agent:pending-approval"] });
    expect(check!.status).toBe(201);
    expect(check!.body).toMatchObject({ name: "agent-guardrails", conclusion: "action_required" });
    // The PR stays ready for review on GitHub.
    expect(await (await fetch(`${app.standIn.url}/repos/acme/widgets/pulls/42`)).json()).toMatchObject({ number: 42, draft: false });

    const [refusal, ...more] = await app.store.listAudit({ action: "effect.convert_to_draft" });
    expect(more).toEqual([]);
    expect(refusal?.verdict).toBe("failed");
    expect(refusal?.reasons[0]).toContain("FORBIDDEN");
    expect(refusal?.reasons[0]).toContain("lacks contents: write");
    expect(refusal?.reasons[0]).toContain("/guardrails drill");
    expect((await app.store.listEffects({ status: "applied" })).map((e) => e.effect.kind)).toEqual(["add_label", "ensure_check_run"]);

    from = app.standIn.requests.length;
    await app.receive(
      "issue_comment",
      commentEvent("created", accounts.maint, `/guardrails drill @${AGENT}`, { threadAuthor: accounts.dev, onPullRequest: false }),
    );
    const reply = writesOf(app.requestsSince(from));
    expect(describeRequests(reply)).toEqual(["POST /repos/acme/widgets/issues/42/comments"]);
    const report = (reply[0]!.body as { body: string }).body;
    const rows = report.split("\n").filter((line) => /^\| \d+ \|/.test(line));
    expect(rows).toContainEqual("| 2 | `convert_to_draft` | acme/widgets#42 |  | pull_requests: write, contents: write | ❌ refused |");
    expect(rows.filter((row) => row.includes("refused"))).toHaveLength(1);
    expect(report).toContain("**1 step(s) would be refused**");
    expect(report).toContain("- `contents: write`: GitHub refuses an App the draft conversion without it");
  });
});
