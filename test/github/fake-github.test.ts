import { describe, expect, test } from "@jest/globals";
import { GitHubError, type PullRequestFacts } from "../../src/github/github-adapter.js";
import { FakeGitHub } from "../fakes/fake-github.js";

const repo = { owner: "acme", repo: "widgets" };

const PR: PullRequestFacts = {
  number: 7,
  nodeId: "PR_7",
  headSha: "a".repeat(40),
  draft: false,
  state: "open",
  merged: false,
  authorLogin: "copilot-swe-agent[bot]",
  authorId: 198982749,
  htmlUrl: "https://github.com/acme/widgets/pull/7",
};

describe("facts", () => {
  test("reads answer from the public fields and are recorded but are not writes", async () => {
    const github = new FakeGitHub();
    github.files.set(FakeGitHub.fileKey(repo, ".github/agent-guardrails.yml"), "mode: observe\n");
    github.permissions.set("Alice", "maintain");
    github.orgMembers.add("Bob");
    github.pullRequests.set(7, { ...PR });

    expect(await github.getDefaultBranchFile(repo, ".github/agent-guardrails.yml")).toBe("mode: observe\n");
    expect(await github.getDefaultBranchFile(repo, "missing.yml")).toBeNull();
    expect(await github.getPermission(repo, "alice")).toBe("maintain");
    expect(await github.getPermission(repo, "mallory")).toBe("none");
    expect(await github.isOrgMember("acme", "bob")).toBe(true);
    expect(await github.isOrgMember("acme", "eve")).toBe(false);
    expect(await github.getPullRequest(repo, 7)).toEqual(PR);

    expect(github.calls).toHaveLength(7);
    expect(github.writes).toEqual([]);
  });

  test("a missing PR is not_found", async () => {
    const github = new FakeGitHub();
    await expect(github.getPullRequest(repo, 8)).rejects.toMatchObject({ kind: "not_found" });
  });

  test("a PR read is a copy: changing it does not change the fake", async () => {
    const github = new FakeGitHub();
    github.pullRequests.set(7, { ...PR });
    (await github.getPullRequest(repo, 7)).draft = true;
    expect(github.pullRequests.get(7)?.draft).toBe(false);
  });
});

describe("state after writes", () => {
  test("a converted PR reads back as a draft, a closed one as closed", async () => {
    const github = new FakeGitHub();
    github.pullRequests.set(7, { ...PR });
    await github.convertToDraft("PR_7");
    await github.closePullRequest(repo, 7);
    expect(await github.getPullRequest(repo, 7)).toMatchObject({ draft: true, state: "closed" });
    expect(github.writes.map((c) => c.verb)).toEqual(["convertToDraft", "closePullRequest"]);
  });

  test("labels, check runs, dismissals and minimized comments are kept", async () => {
    const github = new FakeGitHub();
    await github.addLabel(repo, 7, "agent:flagged");
    await github.addLabel(repo, 7, "agent:halted");
    await github.removeLabel(repo, 7, "agent:flagged");
    await github.removeLabel(repo, 9, "agent:flagged");
    const run = await github.ensureCheckRun(repo, {
      headSha: PR.headSha,
      conclusion: "action_required",
      title: "t",
      summary: "s",
      detailsUrl: PR.htmlUrl,
    });
    await github.dismissReview(repo, 7, 99, "no");
    await github.minimizeComment("IC_1", "SPAM");
    await github.minimizeComment("IC_2", "OFF_TOPIC");
    await github.unminimizeComment("IC_1");

    expect([...(github.labels.get(7) ?? [])]).toEqual(["agent:halted"]);
    expect(github.checkRuns).toEqual([expect.objectContaining({ id: run.id, conclusion: "action_required", repo })]);
    expect([...github.dismissedReviews]).toEqual([99]);
    expect([...github.minimized]).toEqual([["IC_2", "OFF_TOPIC"]]);
  });

  test("created comments exist with distinct ids until deleted", async () => {
    const github = new FakeGitHub();
    const issueComment = await github.createComment(repo, 7, "hello");
    const discussionComment = await github.createDiscussionComment("D_3", "re-posted");

    expect(issueComment.id).not.toBe(discussionComment.id);
    expect(issueComment.nodeId).not.toBe(discussionComment.nodeId);
    expect(github.comments.get(issueComment.id)).toEqual({ ...issueComment, number: 7, body: "hello" });
    expect(github.comments.get(discussionComment.id)).toEqual({ ...discussionComment, discussionNodeId: "D_3", body: "re-posted" });

    await github.deleteComment(repo, "issue_comment", issueComment.id, issueComment.nodeId);
    // A discussion comment is deleted by node id, whatever database id comes with it.
    await github.deleteComment(repo, "discussion_comment", 0, discussionComment.nodeId);
    expect(github.comments.size).toBe(0);
    expect(github.callsOf("deleteComment").map((c) => c.args[1])).toEqual(["issue_comment", "discussion_comment"]);
  });

  test("deleting a seeded review comment removes it; deleting it again succeeds", async () => {
    const github = new FakeGitHub();
    github.comments.set(42, {
      id: 42,
      nodeId: "PRRC_42",
      url: "https://github.com/acme/widgets/pull/7#discussion_r42",
      number: 7,
      body: "agent text",
    });
    await github.deleteComment(repo, "review_comment", 42, "PRRC_42");
    await github.deleteComment(repo, "review_comment", 42, "PRRC_42");
    expect(github.comments.has(42)).toBe(false);
    expect(github.callsOf("deleteComment")).toHaveLength(2);
  });

  test("a submitted review cannot be deleted, as on GitHub", async () => {
    const github = new FakeGitHub();
    await expect(github.deleteComment(repo, "review", 99, "PRR_99")).rejects.toMatchObject({ kind: "validation" });
    expect(github.callsOf("deleteComment")).toHaveLength(1);
  });

  test("a closed issue is recorded and closing it again is harmless", async () => {
    const github = new FakeGitHub();
    await github.closeIssue(repo, 12);
    await github.closeIssue(repo, 12);
    expect([...github.closedIssues]).toEqual([12]);
    expect(github.callsOf("closeIssue")).toEqual([
      { verb: "closeIssue", args: [repo, 12] },
      { verb: "closeIssue", args: [repo, 12] },
    ]);
  });
});

describe("failNext", () => {
  test("fails the next calls of that verb only, in queue order, then recovers; the failed call is recorded", async () => {
    const github = new FakeGitHub();
    const first = new GitHubError("server", "boom", 502);
    const second = new GitHubError("rate_limited", "slow down", 403, 30);
    github.failNext("closeIssue", first).failNext("closeIssue", second);

    await expect(github.closeIssue(repo, 12)).rejects.toBe(first);
    await github.addLabel(repo, 12, "agent:flagged");
    await expect(github.closeIssue(repo, 12)).rejects.toBe(second);
    await github.closeIssue(repo, 12);

    expect(github.callsOf("closeIssue")).toHaveLength(3);
    expect([...github.closedIssues]).toEqual([12]);
  });

  test("a failed write changes no state", async () => {
    const github = new FakeGitHub();
    github.comments.set(42, { id: 42, nodeId: "IC_42", url: "u", number: 7, body: "agent text" });
    github.failNext("deleteComment", new GitHubError("forbidden", "no", 403));
    github.failNext("createDiscussionComment", new GitHubError("server", "boom", 502));

    await expect(github.deleteComment(repo, "issue_comment", 42, "IC_42")).rejects.toMatchObject({ kind: "forbidden" });
    await expect(github.createDiscussionComment("D_3", "x")).rejects.toMatchObject({ kind: "server" });
    expect([...github.comments.keys()]).toEqual([42]);
  });
});

describe("containment", () => {
  const AGENT_SHA = "a".repeat(40);
  const push = { ref: "refs/heads/main", sha: AGENT_SHA, before: "b".repeat(40) };

  test("reopening undoes closing, for issues and pull requests", async () => {
    const github = new FakeGitHub();
    github.pullRequests.set(7, { ...PR, state: "closed" });
    github.issues.set(12, { number: 12, url: "u", title: "agent issue", body: "", labels: [], state: "open" });
    await github.closeIssue(repo, 12);
    expect(github.issues.get(12)?.state).toBe("closed");

    await github.reopenIssue(repo, 12);
    await github.reopenIssue(repo, 12);
    await github.reopenPullRequest(repo, 7);
    expect([...github.closedIssues]).toEqual([]);
    expect(github.issues.get(12)?.state).toBe("open");
    expect(github.pullRequests.get(7)?.state).toBe("open");
    expect(github.writes.map((c) => c.verb)).toEqual(["closeIssue", "reopenIssue", "reopenIssue", "reopenPullRequest"]);
  });

  test("revertPush at the agent's tip moves the ref to a new commit", async () => {
    const github = new FakeGitHub();
    github.refs.set("refs/heads/main", AGENT_SHA);
    const result = await github.revertPush(repo, push);
    if (result.outcome !== "reverted") throw new Error(`expected a revert, got ${JSON.stringify(result)}`);
    expect(result.commitSha).toMatch(/^[0-9a-f]{40}$/);
    expect(result.commitSha).not.toBe(AGENT_SHA);
    expect(github.refs.get("refs/heads/main")).toBe(result.commitSha);
    expect(github.callsOf("revertPush")).toEqual([{ verb: "revertPush", args: [repo, push] }]);
  });

  test("revertPush to a protected branch opens one revert PR from its own branch, the same one on retry", async () => {
    const github = new FakeGitHub();
    github.refs.set("refs/heads/main", AGENT_SHA);
    github.protectedBranches.add("main");
    const first = await github.revertPush(repo, push);
    expect(first).toMatchObject({ outcome: "revert_pr", branch: "agent-guardrails/revert-aaaaaaa" });
    expect(await github.revertPush(repo, push)).toEqual(first);
    expect(github.refs.get("refs/heads/main")).toBe(AGENT_SHA);
    expect(github.revertPullRequests).toHaveLength(1);
    expect(github.revertPullRequests[0]).toMatchObject({ base: "main", branch: "agent-guardrails/revert-aaaaaaa", state: "open" });
  });

  test("revertPush escalates and leaves the ref alone when the branch moved on or never had a tree", async () => {
    const github = new FakeGitHub();
    const tip = "c".repeat(40);
    github.refs.set("refs/heads/main", tip);
    expect(await github.revertPush(repo, push)).toEqual({
      outcome: "escalated",
      why: `refs/heads/main moved on since the agent's push (tip is ${tip}): revert by hand`,
    });
    expect(await github.revertPush(repo, { ...push, ref: "refs/heads/gone" })).toMatchObject({
      outcome: "escalated",
      why: expect.stringContaining("no longer exists"),
    });

    github.refs.set("refs/heads/new", AGENT_SHA);
    expect(await github.revertPush(repo, { ...push, ref: "refs/heads/new", before: "0".repeat(40) })).toMatchObject({
      outcome: "escalated",
      why: expect.stringContaining("the push created refs/heads/new"),
    });
    expect(github.refs.get("refs/heads/main")).toBe(tip);
    expect(github.refs.get("refs/heads/new")).toBe(AGENT_SHA);
    expect(github.callsOf("revertPush")).toHaveLength(3);
  });

  test("a second revertPush of the same push escalates: the first already moved the ref on", async () => {
    const github = new FakeGitHub();
    github.refs.set("refs/heads/main", AGENT_SHA);
    expect((await github.revertPush(repo, push)).outcome).toBe("reverted");
    expect((await github.revertPush(repo, push)).outcome).toBe("escalated");
  });

  test("revertMerge opens a new revert PR beside the merged one on every call", async () => {
    const github = new FakeGitHub();
    github.pullRequests.set(7, { ...PR, state: "closed", merged: true });
    const first = await github.revertMerge("PR_7");
    const second = await github.revertMerge("PR_7");
    expect(first.number).not.toBe(second.number);
    expect(first.url).toBe(`https://github.com/acme/widgets/pull/${first.number}`);
    expect(github.revertMerges).toEqual([
      { prNodeId: "PR_7", ...first },
      { prNodeId: "PR_7", ...second },
    ]);
  });

  test("ensureIssue creates once, then finds the open issue by title and labels and updates its body", async () => {
    const github = new FakeGitHub();
    const labels = ["agent-guardrails", "incident"];
    const created = await github.ensureIssue(repo, "Agent guardrails tripped: copilot", "first", labels);
    const found = await github.ensureIssue(repo, "Agent guardrails tripped: copilot", "second", labels);

    expect(created).toMatchObject({ created: true });
    expect(found).toEqual({ number: created.number, url: created.url, created: false });
    expect([...github.issues.values()]).toEqual([
      {
        number: created.number,
        url: `https://github.com/acme/widgets/issues/${created.number}`,
        title: "Agent guardrails tripped: copilot",
        body: "second",
        labels,
        state: "open",
      },
    ]);
    expect(github.callsOf("ensureIssue")).toHaveLength(2);
  });

  test("ensureIssue opens a new issue when the one with that title is closed, or lacks a label", async () => {
    const github = new FakeGitHub();
    github.issues.set(12, { number: 12, url: "u12", title: "T", body: "", labels: ["incident"], state: "closed" });
    github.issues.set(13, { number: 13, url: "u13", title: "T", body: "", labels: ["other"], state: "open" });
    const result = await github.ensureIssue(repo, "T", "b", ["incident"]);
    expect(result.created).toBe(true);
    expect([12, 13]).not.toContain(result.number);
    expect(github.issues.size).toBe(3);
  });

  test.each([
    { name: "3,001 files: GitHub lists 3,000", files: 3001, changedFiles: undefined, listed: 3000, truncated: true },
    { name: "exactly 3,000 files: cannot tell, fail closed", files: 3000, changedFiles: undefined, listed: 3000, truncated: true },
    { name: "a count past the cap", files: 2, changedFiles: 3001, listed: 2, truncated: true },
    { name: "a stale count under the cap: the list is the truth", files: 2, changedFiles: 9, listed: 2, truncated: false },
  ])("listPullRequestFiles as GitHub caps it: $name", async ({ files, changedFiles, listed, truncated }) => {
    const github = new FakeGitHub();
    github.prFiles.set(
      7,
      Array.from({ length: files }, (_, i) => `f${i}`),
    );
    const result = await github.listPullRequestFiles(repo, 7, changedFiles);
    expect([result.paths.length, result.truncated]).toEqual([listed, truncated]);
  });

  test("listPullRequestFiles answers from prFiles, a copy, and is a read", async () => {
    const github = new FakeGitHub();
    github.prFiles.set(7, [".github/workflows/ci.yml", "src/a.ts"]);
    const { paths, truncated } = await github.listPullRequestFiles(repo, 7);
    expect(paths).toEqual([".github/workflows/ci.yml", "src/a.ts"]);
    expect(truncated).toBe(false);
    paths.push("x");
    expect(github.prFiles.get(7)).toHaveLength(2);
    expect(await github.listPullRequestFiles(repo, 8)).toEqual({ paths: [], truncated: false });
    expect(github.callsOf("listPullRequestFiles")).toHaveLength(2);
    expect(github.writes).toEqual([]);
  });

  test("a failed revert or ensure changes nothing", async () => {
    const github = new FakeGitHub();
    github.refs.set("refs/heads/main", AGENT_SHA);
    github.failNext("revertPush", new GitHubError("server", "boom", 502)).failNext("ensureIssue", new GitHubError("forbidden", "no", 403));
    await expect(github.revertPush(repo, push)).rejects.toMatchObject({ kind: "server" });
    await expect(github.ensureIssue(repo, "T", "b", [])).rejects.toMatchObject({ kind: "forbidden" });
    expect(github.refs.get("refs/heads/main")).toBe(AGENT_SHA);
    expect(github.issues.size).toBe(0);
  });
});
