/**
 * Webhook payloads for the benchmark: real examples from @octokit/webhooks-examples, moved to
 * acme/widgets (installation 4242) and patched per event, the way test/fixtures/webhook-examples.ts
 * does it for the tests. Every builder returns a fresh object, so the app under test and the bare
 * baseline never share (or see each other's changes to) a payload.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const examples = JSON.parse(readFileSync(require.resolve("@octokit/webhooks-examples/api.github.com/index.json"), "utf8"));

/** The world the GitHub stand-in serves: acme/widgets in enforce mode, Copilot and `*-agent[bot]` listed as agents. */
export const WORLD = {
  owner: "acme",
  repo: "widgets",
  default_branch: "main",
  app: "agent-guardrails[bot]",
  permissions: {
    maint: "admin",
    dev: "write",
    reader: "read",
    stranger: "none",
    "copilot-swe-agent[bot]": "write",
    "amok-agent[bot]": "write",
  },
  members: ["maint", "dev", "reader"],
  files: {
    ".github/agent-guardrails.yml": [
      'mode: "enforce"',
      'owner: "maint"',
      'agents: ["copilot-swe-agent[bot]","*-agent[bot]"]',
      'approvers: "write"',
      'policy: {"pull_request":"draft","merge":"require_approval","push_default_branch":"revert","comment":"hide","external_comment":"hide","issue":"flag"}',
      'scope: {"paths":["**"],"protected":[".github/**"]}',
      'limits: {"actions_per_hour":500,"comments_per_hour":100,"pull_requests_per_hour":50,"burst":{"actions":100,"seconds":60},"repos_per_hour":20}',
      'breaker: {"trip_on":["rate","burst","scope","protected","blast_radius"],"contain":["draft_prs","hide_comments","close_issues","revert_pushes","revert_merges"],"lookback":"1h"}',
      'digest: "off"',
      "",
    ].join("\n"),
  },
};

/** Accounts shaped like GitHub's user objects. */
export const ACCOUNTS = {
  agent: { login: "copilot-swe-agent[bot]", id: 198982749, node_id: "BOT_kgDOC9w8XQ", type: "Bot" },
  dev: { login: "dev", id: 2002, node_id: "U_dev", type: "User" },
};

function clone(value) {
  return JSON.parse(JSON.stringify(value));
}

/** A real example payload for `name`/`action` (first match), moved to acme/widgets, then patched. */
function example(name, action, patch, pick = (e) => action === undefined || e.action === action) {
  const family = examples.find((e) => e.name === name);
  const found = family?.examples.find(pick);
  if (!found) throw new Error(`no example payload for ${name}.${action}`);
  const payload = clone(found);
  payload.repository = {
    ...payload.repository,
    name: "widgets",
    full_name: "acme/widgets",
    default_branch: "main",
    owner: { ...(payload.repository?.owner ?? {}), login: "acme", id: 1002, type: "Organization" },
  };
  payload.organization = { login: "acme", id: 1002 };
  payload.installation = { id: 4242, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==" };
  patch(payload);
  return payload;
}

function sha(prefix, i) {
  return `${prefix}${i.toString(16)}`.padEnd(40, "0").slice(0, 40);
}

/**
 * Workload (a): a human (`dev`, write access) comments on the agent's PR #42 without any
 * `/guardrails` command. Each event is a new comment (unique id).
 */
export function humanComment(i) {
  return commentOnAgentPr(
    ACCOUNTS.dev,
    5_000_000 + i,
    `IC_bench${i}`,
    "Thanks, this looks reasonable. Could you also add a note to the changelog?",
  );
}

/** A new comment by `sender` on the agent's PR #42. */
function commentOnAgentPr(sender, id, nodeId, body) {
  return example("issue_comment", "created", (p) => {
    p.sender = { ...sender };
    p.issue.number = 42;
    p.issue.user = { ...ACCOUNTS.agent };
    p.issue.html_url = "https://github.com/acme/widgets/pull/42";
    p.issue.pull_request = {
      url: "https://api.github.com/repos/acme/widgets/pulls/42",
      html_url: "https://github.com/acme/widgets/pull/42",
    };
    p.comment.id = id;
    p.comment.node_id = nodeId;
    p.comment.html_url = `https://github.com/acme/widgets/pull/42#issuecomment-${id}`;
    p.comment.body = body;
    p.comment.user = { ...sender };
  });
}

/** Workload (b): `dev` pushes one commit to `feature/bench`, each push on top of the previous one. */
export function humanPush(i) {
  return example(
    "push",
    undefined,
    (p) => {
      const after = sha("b0", i + 1);
      const commit = {
        ...p.commits[0],
        id: after,
        message: `Tweak widget ${i}`,
        author: { name: "Dev", email: "dev@example.com", username: "dev" },
        committer: { name: "Dev", email: "dev@example.com", username: "dev" },
        added: [],
        removed: [],
        modified: ["src/widget.ts"],
      };
      p.ref = "refs/heads/feature/bench";
      p.before = sha("b0", i);
      p.after = after;
      p.created = false;
      p.compare = `https://github.com/acme/widgets/compare/${p.before.slice(0, 12)}...${after.slice(0, 12)}`;
      p.commits = [commit];
      p.head_commit = commit;
      p.pusher = { name: "dev", email: "dev@example.com" };
      p.sender = { ...ACCOUNTS.dev };
    },
    (e) => typeof e.ref === "string" && e.ref.startsWith("refs/heads/") && Array.isArray(e.commits) && e.commits.length > 0,
  );
}

/** Workload (c): the agent opens PR #(1000 + i) from its own branch. */
export function agentPullRequestOpened(i) {
  const number = 1000 + i;
  return example("pull_request", "opened", (p) => {
    p.number = number;
    p.sender = { ...ACCOUNTS.agent };
    const pr = p.pull_request;
    pr.number = number;
    pr.id = 9_000_000 + i;
    pr.node_id = `PR_bench${number}`;
    pr.url = `https://api.github.com/repos/acme/widgets/pulls/${number}`;
    pr.html_url = `https://github.com/acme/widgets/pull/${number}`;
    pr.title = `Change ${number}`;
    pr.user = { ...ACCOUNTS.agent };
    pr.draft = false;
    pr.merged = false;
    pr.state = "open";
    pr.head = { ...pr.head, ref: `agent/change-${number}`, label: `acme:agent/change-${number}`, sha: sha("c0", number) };
    pr.base = { ...pr.base, ref: "main", label: "acme:main" };
  });
}

/** An agent that floods: matched by the `*-agent[bot]` entry of the world's config. */
export const FLOOD_AGENT = { login: "amok-agent[bot]", id: 198982750, node_id: "BOT_kgDOC9w8Xg", type: "Bot" };

/**
 * Workload (d): a listed agent comments on its PR #42 (the config hides an agent's comment until a
 * maintainer approves it). Each event is a new comment; `account` is the agent (default Copilot's).
 */
export function agentComment(i, account = ACCOUNTS.agent) {
  return commentOnAgentPr(
    account,
    7_000_000 + i,
    `IC_benchAgent${i}`,
    `Pushed another fix (${i}). Let me know if anything else needs changing.`,
  );
}
