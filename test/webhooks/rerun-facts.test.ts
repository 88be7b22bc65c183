import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { strictDefaults } from "../../src/config/defaults.js";
import type { GuardrailsConfig } from "../../src/config/schema.js";
import type { PullRequestFacts } from "../../src/github/github-adapter.js";
import { decide } from "../../src/policy/decide.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { agentPullRequestKey } from "../../src/webhooks/agent-commits.js";
import { gatherFacts } from "../../src/webhooks/gather-facts.js";
import { RoleCache } from "../../src/webhooks/role-cache.js";
import { FakeGitHub } from "../fakes/fake-github.js";
import { action, dev, HEAD, maintainer } from "../fixtures/actions.js";

// A Re-run of the gate, from the facts the edge reads to the check it posts: the PR from GitHub
// (its head now, its author), approvals and recorded agent commits from the store.
const NOW = new Date("2026-11-20T09:00:00Z");
const OLD = "0123456789abcdef0123456789abcdef01234567";
const config: GuardrailsConfig = { ...strictDefaults, agents: ["copilot-swe-agent[bot]"] };
const agentPr: PullRequestFacts = {
  number: 42,
  nodeId: "PR_kw42",
  headSha: HEAD,
  draft: true,
  state: "open",
  merged: false,
  authorLogin: "copilot-swe-agent[bot]",
  authorId: 198982749,
  htmlUrl: "https://github.com/acme/widgets/pull/42",
  headRef: "copilot/fix",
  headRepo: "acme/widgets",
};

let store: Store;
let github: FakeGitHub;
beforeEach(async () => {
  store = await openStore(":memory:");
  github = new FakeGitHub();
});
afterEach(async () => store.close());

/** A maintainer's recorded approval of PR 42 at `sha`, in acme/`repo`. */
async function approve(sha: string, repo = "widgets"): Promise<void> {
  await store.commitDecision({
    deliveryId: `approve-${repo}-${sha}`,
    event: "issue_comment",
    at: NOW.toISOString(),
    audit: {
      at: NOW.toISOString(),
      deliveryId: `approve-${repo}-${sha}`,
      org: "acme",
      repo: `acme/${repo}`,
      actor: "maint",
      actorKind: "human",
      action: "command.approve",
      targetNumber: 42,
      targetNodeId: null,
      targetUrl: null,
      targetSha: sha,
      verdict: "command",
      reasons: [],
      effects: [],
      detail: {},
    },
    effects: [],
    approval: { owner: "acme", repo, number: 42, headSha: sha, approver: "maint", at: NOW.toISOString() },
  });
}

/** The Re-run, gathered and decided: the conclusions posted, as `#number sha conclusion`. */
async function rerun(clickedSha: string, clicker = maintainer): Promise<string[]> {
  const click = action("check_run.rerequested", {
    actor: clicker,
    target: { number: undefined, sha: clickedSha, pullNumbers: [42], checkName: "agent-guardrails", author: undefined },
  });
  const state = await gatherFacts(click, config, {
    github,
    store,
    roles: new RoleCache(),
    appLogin: "agent-guardrails[bot]",
    now: NOW,
    installationPermissions: async () => ({}),
  });
  return decide(click, config, state, NOW).effects.flatMap((e) =>
    e.kind === "ensure_check_run" ? [`#${e.number} ${e.headSha.slice(0, 7)} ${e.conclusion}`] : [],
  );
}

describe("Re-run on agent-guardrails: facts from GitHub and the store, not from the click", () => {
  test("an agent PR whose head is approved → success on the head", async () => {
    github.pullRequests.set(42, agentPr);
    await approve(HEAD);
    expect(await rerun(HEAD)).toEqual([`#42 ${HEAD.slice(0, 7)} success`]);
  });

  test("a Re-run clicked on a stale, approved sha gates the PR's real head: action_required", async () => {
    github.pullRequests.set(42, agentPr);
    await approve(OLD);
    expect(await rerun(OLD, dev)).toEqual([`#42 ${HEAD.slice(0, 7)} action_required`]);
  });

  test("a human's PR whose branch carries an agent's recorded commits stays gated", async () => {
    github.pullRequests.set(42, { ...agentPr, authorLogin: "dev", authorId: 2002 });
    await store.putCachedFile(agentPullRequestKey("acme/widgets", 42), "copilot-swe-agent[bot]", NOW.toISOString());
    expect(await rerun(HEAD)).toEqual([`#42 ${HEAD.slice(0, 7)} action_required`]);
  });

  test("a human's PR no agent touched → success; a closed PR → nothing", async () => {
    github.pullRequests.set(42, { ...agentPr, authorLogin: "dev", authorId: 2002 });
    expect(await rerun(HEAD)).toEqual([`#42 ${HEAD.slice(0, 7)} success`]);
    github.pullRequests.set(42, { ...agentPr, state: "closed" });
    expect(await rerun(HEAD)).toEqual([]);
  });

  test("approvals of another repository's PR 42 do not count", async () => {
    github.pullRequests.set(42, agentPr);
    await approve(HEAD, "other");
    expect(await rerun(HEAD)).toEqual([`#42 ${HEAD.slice(0, 7)} action_required`]);
  });

  test("one read of the PR per Re-run, and none for another check's", async () => {
    github.pullRequests.set(42, agentPr);
    await rerun(HEAD);
    expect(github.calls.map((c) => c.verb)).toEqual(["getPullRequest"]);
    const other = action("check_run.rerequested", {
      actor: maintainer,
      target: { number: undefined, sha: HEAD, pullNumbers: [42], checkName: "ci", author: undefined },
    });
    expect(
      await gatherFacts(other, config, {
        github,
        store,
        roles: new RoleCache(),
        appLogin: undefined,
        now: NOW,
        installationPermissions: async () => ({}),
      }),
    ).toEqual({});
  });
});
