import { beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { accounts, example, pullRequestEvent } from "../fixtures/webhook-examples.js";
import { API, recorder, serveConfig, type TestApp, useNockApp } from "./harness.js";

let app: TestApp;
const currentApp = useNockApp();
beforeEach(() => {
  app = currentApp();
});

const INVALID = ["policy:", "  merge: whenever", "  pull_request: allow", "mode: off"].join("\n");

describe("an invalid config", () => {
  test("strict defaults apply (never off): an agent PR is still drafted and gated, the problem shown in the check", async () => {
    serveConfig(app.sent, INVALID);
    nock(API)
      .get("/repos/acme/widgets/pulls/42/files")
      .query(true)
      .reply(recorder(app.sent, 200, []));
    nock(API)
      .post("/graphql")
      .reply(recorder(app.sent, 200, { data: { convertPullRequestToDraft: { pullRequest: { id: "PR_kw42" } } } }));
    nock(API)
      .post("/repos/acme/widgets/issues/42/labels")
      .reply(recorder(app.sent, 200, []));
    nock(API)
      .post("/repos/acme/widgets/check-runs")
      .reply(recorder(app.sent, 201, { id: 1 }));
    // Copilot is an agent under the strict defaults.
    await app.receive("pull_request", pullRequestEvent("opened", accounts.copilot));
    const check = app.sent.find((r) => r.path.endsWith("/check-runs"))!;
    expect(check.body).toMatchObject({ conclusion: "action_required" });
    const summary = (check.body as { output: { summary: string } }).output.summary;
    expect(summary).toContain("policy.merge");
    expect(summary).toContain("mode");
    const [row] = await app.store.listAudit({ action: "pull_request.opened" });
    expect(row?.detail.configIssues).toBeDefined();
  });

  test("a push that changes the config to an invalid one gets a failing check on that commit naming the key", async () => {
    serveConfig(app.sent, INVALID);
    nock(API)
      .post("/repos/acme/widgets/check-runs")
      .reply(recorder(app.sent, 201, { id: 5 }));
    const push = example("push", undefined, (p) => {
      p.ref = "refs/heads/main";
      p.after = "c0ffee0000000000000000000000000000000000";
      p.sender = { ...accounts.maint };
      p.commits = [{ id: "c0ffee", added: [], modified: [".github/agent-guardrails.yml"], removed: [], author: { username: "maint" } }];
    });
    await app.receive("push", push);
    const writes = app.sent.filter((r) => r.method === "POST");
    expect(writes).toHaveLength(1);
    expect(writes[0]!.body).toMatchObject({
      name: "agent-guardrails/config",
      head_sha: "c0ffee0000000000000000000000000000000000",
      conclusion: "failure",
    });
    expect((writes[0]!.body as { output: { summary: string } }).output.summary).toMatch(/policy\.merge/);
    expect((await app.store.listAudit({ action: "config.invalid" })).length).toBe(1);
  });

  test("a push that changes the config drops the cached copy: the next event reads the new file", async () => {
    serveConfig(app.sent, "owner: maint");
    await app.receive(
      "issue_comment",
      example("issue_comment", "created", (p) => (p.sender = { ...accounts.dev })),
    );
    const reads = app.sent.length;
    serveConfig(app.sent, "owner: alice");
    const push = example("push", undefined, (p) => {
      p.ref = "refs/heads/main";
      p.sender = { ...accounts.maint };
      p.commits = [{ id: "c1", added: [], modified: [".github/agent-guardrails.yml"], removed: [] }];
    });
    await app.receive("push", push);
    expect(app.sent.length).toBe(reads + 1);
    expect(app.sent.at(-1)!.path).toBe("/repos/acme/widgets/contents/.github/agent-guardrails.yml");
    // The org file was not touched by the push: still cached, so its interceptor stays unused.
    nock.cleanAll();
  });

  test("a push to the org's .github repository that changes its file: every repository reads the new org file at its next event", async () => {
    serveConfig(app.sent, "owner: maint", "owner: alice");
    await app.receive(
      "issue_comment",
      example("issue_comment", "created", (p) => (p.sender = { ...accounts.dev })),
    );
    nock.cleanAll();
    const push = example("push", undefined, (p) => {
      p.ref = "refs/heads/main";
      p.repository = { ...p.repository, name: ".github", full_name: "acme/.github" };
      p.sender = { ...accounts.maint };
      p.commits = [{ id: "c2", added: [], modified: [".github/agent-guardrails.yml"], removed: [] }];
    });
    const raw = { "content-type": "application/vnd.github.raw; charset=utf-8" };
    nock(API)
      .get("/repos/acme/.github/contents/.github%2Fagent-guardrails.yml")
      .reply(recorder(app.sent, 200, "owner: bob", raw));
    await app.receive("push", push);
    const before = app.sent.length;
    // widgets' own file is still cached; the org file was re-read by the push: nothing to read now.
    await app.receive(
      "issue_comment",
      example("issue_comment", "created", (p) => (p.sender = { ...accounts.dev })),
    );
    expect(app.sent.length).toBe(before);
    expect((await app.store.getCachedFile("acme/.github:.github/agent-guardrails.yml"))?.text).toBe("owner: bob");
  });
});
