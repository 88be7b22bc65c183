import { beforeEach, describe, expect, test } from "@jest/globals";
import { accounts, example, pullRequestEvent } from "../fixtures/webhook-examples.js";
import { CONFIG, serveConfig, type TestApp, useNockApp } from "./harness.js";

// The audit row carries what containment and undo read back (HistoryItem.detail): the target
// fields of the new kinds, only when present. GitHub is nock: any request not scripted fails.

const HEAD = "42aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
let app: TestApp;
const currentApp = useNockApp();
beforeEach(() => {
  app = currentApp();
});

async function rowOf(deliveryId: string) {
  const rows = await app.store.listAudit({ deliveryId });
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe("audit rows of the watched surface", () => {
  test("a human merging an agent's PR: allowed, who merged and the head, no GitHub request but the config", async () => {
    serveConfig(app.sent, CONFIG);
    const payload = pullRequestEvent("closed", accounts.agent, accounts.maint, (p) => {
      p.pull_request.merged = true;
      p.pull_request.merged_by = { ...accounts.maint };
      p.pull_request.merge_commit_sha = "m".repeat(40);
    });
    await app.receive("pull_request", payload, "merge-1");
    expect(app.sent.every((r) => r.method === "GET" && r.path.includes("/contents/.github/agent-guardrails.yml"))).toBe(true);
    const row = await rowOf("merge-1");
    expect(row).toMatchObject({
      action: "pull_request.merged",
      actor: "maint",
      actorKind: "human",
      verdict: "allow",
      targetSha: "m".repeat(40),
      effects: [],
    });
    expect(row.reasons).toEqual([
      `maint merged agent pull request #42 at head ${HEAD.slice(0, 12)}: not an approved head (approved: none)`,
    ]);
    expect(row.detail).toMatchObject({ headSha: HEAD, threadAuthor: "copilot-swe-agent[bot]", threadAuthorKind: "agent" });
  });

  test("an agent's edit of a human's release: the text before, whose it was, the release", async () => {
    // Without the tamper trip, so that the row is the only one (the trip is the rules' tests').
    serveConfig(app.sent, `${CONFIG}\nbreaker: { trip_on: [rate, burst] }`);
    const payload = example("release", "edited", (p) => {
      p.sender = { ...accounts.agent };
      p.release.id = 17;
      p.release.name = "Spring release";
      p.release.author = { ...accounts.maint };
      p.changes = { name: { from: "v1.2 (final)" }, body: { from: "Notes by a maintainer" } };
    });
    await app.receive("release", payload, "release-1");
    const row = await rowOf("release-1");
    expect(row.action).toBe("release.edited");
    expect(row.detail).toMatchObject({
      ref: "0.0.1",
      title: "Spring release",
      releaseId: 17,
      releaseDraft: false,
      changes: { title: "v1.2 (final)", body: "Notes by a maintainer" },
      textAuthor: "maint",
      textAuthorKind: "human",
    });
  });

  test.each([
    [
      "create",
      () => example("create", undefined, (p) => ((p.sender = { ...accounts.agent }), (p.ref = "copilot/fix"), (p.ref_type = "branch"))),
      { ref: "copilot/fix", refType: "branch" },
    ],
    [
      "workflow_run",
      () =>
        example(
          "workflow_run",
          "requested",
          (p) => ((p.workflow_run.triggering_actor = { ...accounts.agent }), (p.workflow_run.pull_requests = [])),
        ),
      { runId: 289782451, workflow: ".github/workflows/test.yml", pullNumbers: [] },
    ],
    [
      "pull_request",
      () => pullRequestEvent("labeled", accounts.agent, accounts.agent, (p) => (p.label = { ...p.label, name: "ready-to-merge" })),
      { label: "ready-to-merge", isPullRequest: true },
    ],
  ] as const)("%s: the fields of its kind, and none of the others", async (event, payload, detail) => {
    serveConfig(app.sent, CONFIG);
    await app.receive(event, payload(), `${event}-1`);
    const row = await rowOf(`${event}-1`);
    expect(row.detail).toMatchObject(detail);
    for (const key of ["changes", "textAuthor", "releaseId", "dismissedReview", "assignee", "transferredTo", "checkName", "headSha"])
      expect(row.detail).not.toHaveProperty(key);
  });
});
