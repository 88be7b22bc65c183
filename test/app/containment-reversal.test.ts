import { afterEach, describe, expect, test } from "@jest/globals";
import { tripTag } from "../../src/breaker/trip-tag.js";
import type { AuditEntry } from "../../src/store/store.js";
import { accounts, commentEvent, example, pushEvent } from "../fixtures/webhook-examples.js";
import { describeRequests, startStandInApp, writesOf, type StandInApp } from "./stand-in-harness.js";

/**
 * Containment that reverses what an agent did to other people's things (issue #10 item 6), and
 * `resume --undo` reversing containment, through the real app against the GitHub stand-in.
 * Needs normalize's audit detail fields (label, changes, ref, refType, textAuthorKind) and the
 * verbs (create/delete ref, restore text) served by the stand-in.
 */
const AGENT = "copilot-swe-agent[bot]";
const CONFIG = ["owner: maint", `agents: ["${AGENT}"]`, "approvers: write"].join("\n");
const T0 = Date.parse("2026-11-20T09:00:00.000Z");
const FEATURE_TIP = "f".repeat(40);

const apps: StandInApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

function at(app: StandInApp, seconds: number): void {
  app.now.value = new Date(T0 + seconds * 1000);
}

/** An `issues` webhook on dev's issue #7 sent by the agent; `labels` as GitHub lists them after the action. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function issueEvent(action: string, labels: string[], patch: (p: Record<string, any>) => void = () => {}) {
  // webhooks-examples has no issues.closed: the reopened one, turned around.
  return example("issues", action === "closed" ? "reopened" : action, (p) => {
    p.action = action;
    p.sender = { ...accounts.agent };
    p.issue.number = 7;
    p.issue.node_id = "I_kw7";
    p.issue.title = "Crash on save";
    p.issue.body = "Steps to reproduce";
    p.issue.html_url = "https://github.com/acme/widgets/issues/7";
    p.issue.user = { ...accounts.dev };
    p.issue.author_association = "MEMBER";
    p.issue.state = action === "closed" ? "closed" : "open";
    p.issue.labels = labels.map((name, i) => ({
      id: 900 + i,
      node_id: `LA_${name}`,
      url: "",
      name,
      color: "ededed",
      default: false,
      description: null,
    }));
    patch(p);
  });
}

function refEvent(name: "create" | "delete", ref: string, refType: "branch" | "tag") {
  return example(name, undefined, (p) => {
    p.ref = ref;
    p.ref_type = refType;
    p.sender = { ...accounts.agent };
  });
}

describe("containment reverses the agent's other actions; resume --undo reverses containment", () => {
  test("a halt reopens the human's issue it closed, restores the label it removed, deletes the tag it created and restores the branch it deleted; undo reverses them", async () => {
    const app = await startStandInApp({ config: CONFIG });
    apps.push(app);
    // dev's issue, labelled bug, as GitHub knows it before the agent acts.
    app.standIn.observe(
      "issues",
      issueEvent("opened", ["bug"], (p) => (p.sender = { ...accounts.dev })),
    );

    // The agent works on a branch (the app sees its tip), then deletes it; creates a tag; takes the label off; closes the issue.
    await app.receive("push", pushEvent(accounts.agent, { before: "0".repeat(40), after: FEATURE_TIP, ref: "refs/heads/feature" }));
    at(app, 5);
    await app.receive("delete", refEvent("delete", "feature", "branch"));
    at(app, 10);
    await app.receive("create", refEvent("create", "v9.9.9", "tag"));
    at(app, 15);
    await app.receive(
      "issues",
      issueEvent(
        "unlabeled",
        [],
        (p) => (p.label = { id: 900, node_id: "LA_bug", url: "", name: "bug", color: "ededed", default: false, description: null }),
      ),
    );
    at(app, 20);
    await app.receive("issues", issueEvent("closed", []));
    for (const kind of ["delete", "create", "issues.unlabeled", "issues.closed"]) {
      expect((await app.store.listAudit({ actor: AGENT })).some((row) => row.action === kind || row.action.startsWith(`${kind}.`))).toBe(
        true,
      );
    }

    at(app, 30);
    let from = app.standIn.requests.length;
    await app.receive(
      "issue_comment",
      commentEvent("created", accounts.maint, `/guardrails halt @${AGENT} false alarm drill`, {
        threadAuthor: accounts.dev,
        onPullRequest: false,
      }),
    );
    at(app, 600);
    await app.guardrails.sweep();
    const contained = writesOf(app.requestsSince(from));
    const described = describeRequests(contained);
    expect(described).toEqual(
      expect.arrayContaining([
        "POST /repos/acme/widgets/issues",
        "PATCH /repos/acme/widgets/issues/7",
        "POST /repos/acme/widgets/issues/7/labels",
        "DELETE /repos/acme/widgets/git/refs/tags/v9.9.9",
        "POST /repos/acme/widgets/git/refs",
      ]),
    );
    // Newest first: the issue reopened before its label goes back, before the refs.
    expect(described.indexOf("PATCH /repos/acme/widgets/issues/7")).toBeLessThan(
      described.indexOf("POST /repos/acme/widgets/issues/7/labels"),
    );
    expect(contained.find((r) => r.path === "/repos/acme/widgets/issues/7" && r.method === "PATCH")!.body).toMatchObject({ state: "open" });
    expect(contained.find((r) => r.path === "/repos/acme/widgets/issues/7/labels")!.body).toEqual({ labels: ["bug"] });
    expect(contained.find((r) => r.path === "/repos/acme/widgets/git/refs")!.body).toEqual({ ref: "refs/heads/feature", sha: FEATURE_TIP });
    const incident = (contained[0]!.body as { body: string }).body;
    expect(incident).toMatch(/`reopen_issue` acme\/widgets#7/);
    expect(incident).toMatch(/`create_ref` acme\/widgets `heads\/feature`@fffffff/);
    expect(incident).toContain("To cut `copilot-swe-agent[bot]` off for real: it is an App's bot");

    at(app, 700);
    from = app.standIn.requests.length;
    await app.receive(
      "issue_comment",
      commentEvent("created", accounts.maint, `/guardrails resume @${AGENT} --undo`, { threadAuthor: accounts.dev, onPullRequest: false }),
    );
    at(app, 1300);
    await app.guardrails.sweep();
    const undone = writesOf(app.requestsSince(from));
    expect(describeRequests(undone)).toEqual(
      expect.arrayContaining([
        "PATCH /repos/acme/widgets/issues/7",
        "DELETE /repos/acme/widgets/issues/7/labels/bug",
        "DELETE /repos/acme/widgets/git/refs/heads/feature",
        "POST /repos/acme/widgets/issues/42/comments",
      ]),
    );
    expect(undone.find((r) => r.path === "/repos/acme/widgets/issues/7" && r.method === "PATCH")!.body).toMatchObject({ state: "closed" });
    const reply = (undone.find((r) => r.path === "/repos/acme/widgets/issues/42/comments")!.body as { body: string }).body;
    expect(reply).toContain(`Resumed \`${AGENT}\``);
  });

  test("from audit rows as the pipeline writes them: the persisted plan holds each reversal, the irreversible ones are in the incident", async () => {
    const app = await startStandInApp({ config: CONFIG });
    apps.push(app);
    // The app saw the branch's tip on the agent's push (the ref memory).
    await app.receive("push", pushEvent(accounts.agent, { before: "0".repeat(40), after: FEATURE_TIP, ref: "refs/heads/feature" }));
    const rows: [string, Partial<AuditEntry>][] = [
      ["delete", { detail: { ref: "feature", refType: "branch" } }],
      ["create", { detail: { ref: "v9.9.9", refType: "tag" } }],
      ["issues.unlabeled", { targetNumber: 7, detail: { label: "bug", threadAuthor: "dev", threadAuthorKind: "human" } }],
      ["issues.closed", { targetNumber: 7, detail: { threadAuthor: "dev", threadAuthorKind: "human" } }],
      [
        "issues.edited",
        {
          targetNumber: 7,
          detail: { changes: { body: "Steps to reproduce" }, textAuthor: "dev", textAuthorKind: "human", threadAuthorKind: "human" },
        },
      ],
      ["issues.deleted", { targetNumber: 8, targetUrl: "https://github.com/acme/widgets/issues/8" }],
    ];
    for (const [i, [action, extra]] of rows.entries()) {
      await app.store.appendAudit({
        at: new Date(T0 + (i + 1) * 1000).toISOString(),
        deliveryId: `seed-${i}`,
        org: "acme",
        repo: "acme/widgets",
        actor: AGENT,
        actorKind: "agent",
        action,
        targetNumber: null,
        targetNodeId: null,
        targetUrl: null,
        targetSha: null,
        verdict: "allow",
        reasons: [],
        effects: [],
        ...extra,
        detail: { mode: "enforce", ...extra.detail },
      });
    }
    at(app, 30);
    await app.receive(
      "issue_comment",
      commentEvent("created", accounts.maint, `/guardrails halt @${AGENT} drill`, { threadAuthor: accounts.dev, onPullRequest: false }),
    );
    const [breaker] = await app.store.breakers();
    const plan = await app.store.listEffects({ tag: tripTag("acme", AGENT, breaker!.tripId) });
    expect(plan.map((row) => row.effect)).toEqual([
      expect.objectContaining({ kind: "ensure_incident_issue" }),
      { kind: "unassign_agent", login: AGENT },
      { kind: "restore_issue_text", number: 7, body: "Steps to reproduce" },
      { kind: "reopen_issue", number: 7 },
      { kind: "add_label", number: 7, label: "bug" },
      { kind: "delete_ref", ref: "tags/v9.9.9" },
      { kind: "create_ref", ref: "heads/feature", sha: FEATURE_TIP },
    ]);
    const incident = plan[0]!.effect as { body: string };
    expect(incident.body).toContain("`issues.deleted`: issue #8 deleted by the agent: GitHub cannot restore a deleted issue");
    expect(incident.body).toContain("(https://github.com/acme/widgets/issues/8)");
  });

  test("an agent's edit of a human's issue body is put back once, from changes.body.from", async () => {
    const app = await startStandInApp({ config: CONFIG });
    apps.push(app);
    app.standIn.observe(
      "issues",
      issueEvent("opened", [], (p) => (p.sender = { ...accounts.dev })),
    );
    const from = app.standIn.requests.length;
    await app.receive(
      "issues",
      issueEvent("edited", [], (p) => {
        p.issue.body = "Closed: works for me";
        p.changes = { body: { from: "Steps to reproduce" } };
      }),
    );
    at(app, 600);
    await app.guardrails.sweep();
    const restores = writesOf(app.requestsSince(from)).filter((r) => r.method === "PATCH" && r.path === "/repos/acme/widgets/issues/7");
    expect(restores.map((r) => r.body)).toEqual([{ body: "Steps to reproduce" }]);
  });
});
