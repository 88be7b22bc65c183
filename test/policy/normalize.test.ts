import { describe, expect, test } from "@jest/globals";
import { MalformedPayloadError, normalize } from "../../src/webhooks/normalize.js";
import { accounts, commentEvent, example, pullRequestEvent } from "../fixtures/webhook-examples.js";

const ctx = { agents: ["copilot-swe-agent[bot]", "Copilot"], appLogin: "agent-guardrails[bot]" };

describe("normalize", () => {
  test("an agent's PR becomes pull_request.opened with the PR as target", () => {
    const action = normalize("pull_request", "d1", pullRequestEvent("opened", accounts.agent), ctx);
    expect(action).toMatchObject({
      kind: "pull_request.opened",
      actor: { login: "copilot-swe-agent[bot]", kind: "agent" },
      org: "acme",
      repo: { owner: "acme", repo: "widgets" },
      installationId: 4242,
      target: { number: 42, nodeId: "PR_kw42", sha: "42aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", draft: false, author: { kind: "agent" } },
    });
  });

  test.each([
    { type: "User", ownerType: "User" },
    { type: "Organization", ownerType: undefined },
  ])("repository.owner.type $type → ownerType $ownerType", ({ type, ownerType }) => {
    const payload = pullRequestEvent("opened", accounts.agent, accounts.agent, (p) => {
      p.repository.owner.type = type;
    });
    expect(normalize("pull_request", "d1", payload, ctx)?.ownerType).toBe(ownerType);
  });

  test("a PR's changed_files is kept: it tells when GitHub's file list was cut short", () => {
    const payload = pullRequestEvent("opened", accounts.agent, accounts.agent, (p) => {
      p.pull_request.changed_files = 4200;
    });
    expect(normalize("pull_request", "d1", payload, ctx)?.target.changedFiles).toBe(4200);
  });

  test("a human's PR still normalizes (it needs the passing check)", () => {
    expect(normalize("pull_request", "d1", pullRequestEvent("opened", accounts.dev), ctx)?.actor.kind).toBe("human");
  });

  test("a merge records who merged and the merge commit", () => {
    const payload = pullRequestEvent("closed", accounts.agent, accounts.agent, (p) => {
      p.pull_request.merged = true;
      p.pull_request.merged_by = { ...accounts.agent };
      p.pull_request.merge_commit_sha = "m".repeat(40);
    });
    expect(normalize("pull_request", "d1", payload, ctx)).toMatchObject({ kind: "pull_request.merged", target: { sha: "m".repeat(40) } });
  });

  test("a human's merge of a human PR is nothing", () => {
    const payload = pullRequestEvent("closed", accounts.dev, accounts.dev, (p) => {
      p.pull_request.merged = true;
      p.pull_request.merged_by = { ...accounts.dev };
    });
    expect(normalize("pull_request", "d1", payload, ctx)).toBeNull();
  });

  test("a human's plain comment is nothing (costs nothing)", () => {
    expect(normalize("issue_comment", "d1", commentEvent("created", accounts.dev, "looks good"), ctx)).toBeNull();
  });

  test("a human's command comment carries the parsed commands", () => {
    const action = normalize("issue_comment", "d1", commentEvent("created", accounts.maint, "ok\n/guardrails approve"), ctx);
    expect(action?.commands?.commands.map((c) => c.name)).toEqual(["approve"]);
    expect(action?.target).toMatchObject({ isPullRequest: true, number: 42, commentAuthor: { login: "maint" }, author: { kind: "agent" } });
  });

  test("an agent's comment is an action even without commands", () => {
    expect(normalize("issue_comment", "d1", commentEvent("created", accounts.agent, "I fixed it"), ctx)?.kind).toBe(
      "issue_comment.created",
    );
  });

  test("events this app caused are ignored (no loops)", () => {
    expect(normalize("issue_comment", "d1", commentEvent("created", accounts.app, "/guardrails approve"), ctx)).toBeNull();
    expect(normalize("pull_request", "d1", pullRequestEvent("opened", accounts.app), { ...ctx, agents: ["*[bot]"] })).toBeNull();
  });

  test("an agent's approving review carries the review id and state", () => {
    const payload = example("pull_request_review", "submitted", (p) => {
      p.sender = { ...accounts.agent };
      p.review.user = { ...accounts.agent };
      p.review.state = "APPROVED";
      p.review.id = 77;
    });
    expect(normalize("pull_request_review", "d1", payload, ctx)?.target).toMatchObject({ reviewId: 77, reviewState: "approved" });
  });

  test("a push by an agent to the default branch lists the changed paths", () => {
    const payload = example("push", undefined, (p) => {
      p.ref = "refs/heads/main";
      p.sender = { ...accounts.agent };
      p.commits = [
        {
          id: "c1",
          added: ["a.ts"],
          modified: [".github/workflows/ci.yml"],
          removed: ["old.ts"],
          author: { username: "copilot-swe-agent[bot]" },
        },
      ];
    });
    expect(normalize("push", "d1", payload, ctx)?.target).toMatchObject({
      toDefaultBranch: true,
      paths: [".github/workflows/ci.yml", "a.ts", "old.ts"],
    });
  });

  test("Copilot's commits make a push an agent push even when a person's account sent it", () => {
    const payload = example("push", undefined, (p) => {
      p.ref = "refs/heads/copilot/fix";
      p.sender = { ...accounts.dev };
      p.commits = [{ id: "c1", added: [], modified: ["x"], removed: [], author: { username: "copilot-swe-agent[bot]" } }];
    });
    expect(normalize("push", "d1", payload, ctx)?.actor).toMatchObject({ login: "copilot-swe-agent[bot]", kind: "agent" });
  });

  test.each([
    ["no sender", (p: Record<string, unknown>) => delete p.sender],
    ["no repository", (p: Record<string, unknown>) => delete p.repository],
    ["pull_request is a string", (p: Record<string, unknown>) => (p.pull_request = "x")],
  ])("a malformed payload (%s) is a MalformedPayloadError", (_why, patch) => {
    const payload = pullRequestEvent("opened", accounts.agent);
    patch(payload);
    expect(() => normalize("pull_request", "d1", payload, ctx)).toThrow(MalformedPayloadError);
  });
});
