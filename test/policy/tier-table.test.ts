import { describe, expect, test } from "@jest/globals";
import { findAgentEntry, whenMatches } from "../../src/policy/find-agent-entry.js";
import { findEvidence, type Signal } from "../../src/policy/tier/find-evidence.js";
import { KNOWN_AGENTS, knownAgentsFor } from "../../src/policy/tier/known-agents.js";
import type { ActorKind } from "../../src/policy/agent-action.js";
import { tierOf, type Tier } from "../../src/policy/tier/tier-of.js";
import { accounts, example, issueCommentEvent, pullRequestEvent, pushEvent, reviewCommentEvent } from "../fixtures/webhook-examples.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const alice = { login: "alice", id: 3001, node_id: "U_alice", type: "User" };
const SHA = "1234567890abcdef1234567890abcdef12345678";

/** A person's push of one commit to `ref` with this message, author and committer. */
function push(message: string, opts: { ref?: string; author?: Json; committer?: Json } = {}): Json {
  const p = pushEvent(alice, { before: "0".repeat(40), after: SHA, ref: opts.ref ?? "refs/heads/feature" });
  p.commits[0].message = message;
  if (opts.author) p.commits[0].author = opts.author;
  if (opts.committer) p.commits[0].committer = opts.committer;
  return p;
}

/** The signals in short: `kind:agent@source`. */
const short = (signals: readonly Signal[]) => signals.map((s) => `${s.signal}:${s.agent}@${s.source}`);

describe("evidence read from push payloads: each trailer as the tools write it", () => {
  const rows: [string, string, string[]][] = [
    [
      "Claude Code",
      "Fix it\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>",
      ["trailer:Claude Code@commit 1234567890ab", "marker:Claude Code@commit 1234567890ab"],
    ],
    [
      "Copilot CLI",
      "Fix it\n\nCo-authored-by: Copilot <223556219+Copilot@users.noreply.github.com>",
      ["trailer:GitHub Copilot@commit 1234567890ab"],
    ],
    ["Codex", "Fix it\n\nCo-authored-by: Codex <noreply@openai.com>", ["trailer:OpenAI Codex@commit 1234567890ab"]],
    ["Cursor", "Fix it\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>", ["trailer:Cursor@commit 1234567890ab"]],
    [
      "Devin",
      "Fix it\n\nGenerated with [Devin](https://devin.ai)\n\nCo-Authored-By: Devin <158243242+devin-ai-integration[bot]@users.noreply.github.com>",
      ["trailer:Devin@commit 1234567890ab", "marker:Devin@commit 1234567890ab"],
    ],
    ["Gemini CLI", "Fix it\n\nCo-Authored-By: Gemini <noreply@google.com>", ["trailer:Google Gemini / Jules@commit 1234567890ab"]],
    ["Aider", "Fix it\n\nCo-authored-by: aider (gpt-5) <noreply@aider.chat>", ["trailer:Aider@commit 1234567890ab"]],
    ["a person's co-author", "Fix it\n\nCo-authored-by: Bob <2002+bob@users.noreply.github.com>", []],
    ["no trailer", "Fix it", []],
  ];
  test.each(rows)("%s", (_name, message, expected) => {
    expect(short(findEvidence("push", push(message), KNOWN_AGENTS).signals)).toEqual(expected);
  });

  test("an agent's own account as author or committer is strong evidence, with its commit", () => {
    const bot = { name: "claude[bot]", email: "209825114+claude[bot]@users.noreply.github.com", username: "claude[bot]" };
    const { signals } = findEvidence("push", push("Fix it", { author: bot }), KNOWN_AGENTS);
    expect(signals).toEqual([{ signal: "author", agent: "Claude Code", match: "claude[bot]", source: "commit 1234567890ab", sha: SHA }]);
    const byEmail = findEvidence(
      "push",
      push("Fix it", { committer: { name: "Cursor Agent", email: "cursoragent@cursor.com" } }),
      KNOWN_AGENTS,
    );
    expect(short(byEmail.signals)).toEqual(["author:Cursor@commit 1234567890ab"]);
  });

  test.each([
    ["copilot/fix-12", "GitHub Copilot"],
    ["codex/add-tests", "OpenAI Codex"],
    ["claude/issue-7-20261120", "Claude Code"],
    ["cursor/refactor-abc", "Cursor"],
    ["devin/1732000000-fix", "Devin"],
  ])("the branch %s is %s's", (branch, agent) => {
    const evidence = findEvidence("push", push("Fix it", { ref: `refs/heads/${branch}` }), KNOWN_AGENTS);
    expect(evidence.branch).toBe(branch);
    expect(evidence.signals).toEqual([{ signal: "branch", agent, match: branch, source: `branch ${branch}` }]);
  });

  test("the config's known_agents extend the data file", () => {
    const known = knownAgentsFor({ known_agents: [{ agent: "Acme bot", trailers: ["bot@acme.example"], branches: ["acme-bot/"] }] });
    const evidence = findEvidence("push", push("x\n\nCo-authored-by: Acme <bot@acme.example>", { ref: "refs/heads/acme-bot/1" }), known);
    expect(short(evidence.signals)).toEqual(["trailer:Acme bot@commit 1234567890ab", "branch:Acme bot@branch acme-bot/1"]);
  });
});

describe("evidence read from pull request, issue and comment payloads", () => {
  test.each([
    ["Claude Code", "## Summary\n- fix\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)"],
    ["OpenAI Codex", "## Summary\n\n------\nhttps://chatgpt.com/codex/tasks/task_e_6a26c19ac8a88326af83ebfb44b89fe2"],
    ["Devin", "Generated with [Devin](https://devin.ai)\n\nLink to Devin run: https://app.devin.ai/sessions/abc"],
    ["Cursor", "[Open in Cursor](https://cursor.com/agents?id=bc-123)"],
  ])("a pull request body with %s's marker", (agent, body) => {
    const payload = pullRequestEvent("opened", alice, alice, (p) => {
      p.pull_request.body = body;
      p.pull_request.head.ref = "fix-it";
    });
    expect(short(findEvidence("pull_request", payload, KNOWN_AGENTS).signals)).toEqual([`marker:${agent}@pull request body`]);
  });

  test("a pull request from an agent's branch names the branch; a plain one carries nothing", () => {
    const agentBranch = pullRequestEvent("opened", alice, alice, (p) => (p.pull_request.head.ref = "codex/fix"));
    expect(findEvidence("pull_request", agentBranch, KNOWN_AGENTS)).toEqual({
      branch: "codex/fix",
      signals: [{ signal: "branch", agent: "OpenAI Codex", match: "codex/fix", source: "branch codex/fix" }],
    });
    const plain = pullRequestEvent("opened", alice, alice, (p) => {
      p.pull_request.head.ref = "fix";
      p.pull_request.body = "Fixes the thing";
    });
    expect(findEvidence("pull_request", plain, KNOWN_AGENTS).signals).toEqual([]);
  });

  test("a comment stamped by an agent's App (performed_via_github_app) is strong evidence; another App's is none", () => {
    const stamped = issueCommentEvent(alice, { number: 5, commentId: 77 });
    stamped.comment.performed_via_github_app = { id: 1144995, slug: "claude", name: "Claude", owner: { login: "anthropics" } };
    expect(short(findEvidence("issue_comment", stamped, KNOWN_AGENTS).signals)).toEqual(["app:Claude Code@comment 77"]);
    const other = issueCommentEvent(alice, { number: 5, commentId: 78 });
    other.comment.performed_via_github_app = { id: 1, slug: "slack", name: "Slack" };
    expect(findEvidence("issue_comment", other, KNOWN_AGENTS).signals).toEqual([]);
  });

  test("an issue's body marker and App stamp", () => {
    const issue = example("issues", "opened", (p) => {
      p.sender = alice;
      p.issue.user = alice;
      p.issue.body = "Found while working\n\nhttps://chatgpt.com/codex/tasks/task_e_1";
      p.issue.performed_via_github_app = { id: 2, slug: "chatgpt-codex-connector" };
    });
    expect(short(findEvidence("issues", issue, KNOWN_AGENTS).signals)).toEqual([
      "marker:OpenAI Codex@issue body",
      "app:OpenAI Codex@issue",
    ]);
  });

  test("a maintainer's review comment on an agent's branch is not evidence against the maintainer", () => {
    const review = reviewCommentEvent(accounts.maint, {
      number: 42,
      commentId: 5,
      body: "Please rename this.",
      prAuthor: accounts.copilot,
    });
    review.pull_request.head.ref = "copilot/fix-12";
    expect(findEvidence("pull_request_review_comment", review, KNOWN_AGENTS)).toEqual({ signals: [] });
  });

  test("a person's ordinary comment carries none", () => {
    expect(findEvidence("issue_comment", issueCommentEvent(accounts.dev, { number: 5, commentId: 1 }), KNOWN_AGENTS)).toEqual({
      signals: [],
    });
  });
});

describe("the tier of an actor on one action", () => {
  const s = (signal: Signal["signal"]): Signal => ({ signal, agent: "X", match: "m", source: "s" });
  const rows: { why: string; kind: ActorKind; signals: Signal[]; tier: Tier }[] = [
    { why: "listed: whatever the evidence", kind: "agent", signals: [], tier: "agent" },
    { why: "no evidence", kind: "human", signals: [], tier: "human" },
    { why: "a trailer alone on a person's commit", kind: "human", signals: [s("trailer")], tier: "assisted" },
    { why: "a marker alone", kind: "human", signals: [s("marker")], tier: "assisted" },
    { why: "a branch name alone", kind: "human", signals: [s("branch")], tier: "assisted" },
    {
      why: "a person using an assistant interactively (marker and trailer)",
      kind: "human",
      signals: [s("marker"), s("trailer")],
      tier: "assisted",
    },
    { why: "an agent's own commits", kind: "human", signals: [s("author")], tier: "suspected" },
    { why: "an agent App's stamp", kind: "human", signals: [s("app")], tier: "suspected" },
    { why: "a marker on an agent's branch", kind: "human", signals: [s("branch"), s("marker")], tier: "suspected" },
    { why: "a trailer on an agent's branch", kind: "human", signals: [s("branch"), s("trailer")], tier: "suspected" },
    { why: "an unlisted agent bot sending", kind: "bot", signals: [s("author")], tier: "suspected" },
  ];
  test.each(rows)("$why: $tier", ({ kind, signals, tier }) => {
    expect(tierOf(kind, signals)).toBe(tier);
  });
});

describe("agents[].when: a person's account is an agent only with its evidence", () => {
  const agents = [{ login: "alice", when: [{ branch: "codex/*" }, { agent: "Devin", signal: "author" as const }] }];
  const evidence = (branch: string | undefined, signals: Signal[] = []) => (branch ? { branch, signals } : { signals });
  test.each([
    ["typing (no evidence)", evidence(undefined), false],
    ["on codex/fix", evidence("codex/fix"), true],
    ["on feature/x", evidence("feature/x"), false],
    [
      "Devin's commits",
      evidence("x", [{ signal: "author", agent: "Devin", match: "devin-ai-integration[bot]", source: "commit 1" }]),
      true,
    ],
    ["Devin's trailer only", evidence("x", [{ signal: "trailer", agent: "Devin", match: "x", source: "commit 1" }]), false],
  ] as const)("alice %s", (_name, ev, isAgent) => {
    expect(findAgentEntry(agents, "alice", 3001, ev) !== undefined).toBe(isAgent);
  });
  test("without evidence at all (a caller that has none) the entry is skipped; a plain entry still names the account", () => {
    expect(findAgentEntry(agents, "alice", 3001)).toBeUndefined();
    expect(findAgentEntry([...agents, "alice"], "alice", 3001)).toBe("alice");
    expect(
      whenMatches(
        { signal: "branch" },
        evidence("codex/x", [{ signal: "branch", agent: "OpenAI Codex", match: "codex/x", source: "branch codex/x" }]),
      ),
    ).toBe(true);
  });
});
