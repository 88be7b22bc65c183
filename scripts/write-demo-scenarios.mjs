// Writes the demo's acts 2 and 3 (examples/scenarios/demo-act2-runaway.jsonl and
// demo-act3-resume-undo.jsonl) from GitHub's own example payloads (@octokit/webhooks-examples),
// moved to acme/widgets as test/fixtures/webhook-examples.ts does. Run: node scripts/write-demo-scenarios.mjs [DIR]
// (DIR defaults to examples/scenarios; test/sim/demo-scenarios.test.ts checks the committed files are its output).
//
// Act 2: Copilot, assigned to issue #7 and trusted in this repository (its comments and issues are
// allowed), runs away: two actions a second, comments on #7 and #42 and a new issue every tenth
// action (#100-#109). The burst limit (100 actions in 60 s) trips the breaker; containment stops the source,
// hides the comments, closes the issues within GitHub's write limits, and opens the incident.
// Act 3 is act 2 followed by a maintainer's `/guardrails resume @Copilot --undo`: a scenario is
// one run of the app, so the act that undoes a trip has to hold the trip.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const examples = JSON.parse(readFileSync(require.resolve("@octokit/webhooks-examples/api.github.com/index.json"), "utf8"));
const directory = process.argv[2] ?? join(import.meta.dirname, "..", "examples", "scenarios");

const copilot = {
  login: "Copilot",
  id: 198982749,
  node_id: "BOT_kgDOC9w8XQ",
  type: "Bot",
  site_admin: false,
  html_url: "https://github.com/apps/copilot-swe-agent",
  url: "https://api.github.com/users/Copilot",
};
const dev = {
  login: "dev",
  id: 2002,
  node_id: "U_dev",
  type: "User",
  site_admin: false,
  html_url: "https://github.com/dev",
  url: "https://api.github.com/users/dev",
};
const maint = {
  login: "maint",
  id: 2001,
  node_id: "U_maint",
  type: "User",
  site_admin: false,
  html_url: "https://github.com/maint",
  url: "https://api.github.com/users/maint",
};

const CONFIG = [
  "mode: enforce",
  "owner: maint",
  'agents: ["Copilot", "copilot-swe-agent[bot]"]',
  "approvers: write",
  "# Copilot has earned trust here: its comments and issues go out unreviewed. The breaker is what stops a runaway.",
  "policy: {pull_request: draft, merge: require_approval, push_default_branch: revert, comment: allow, external_comment: hold, issue: allow}",
  "limits: {actions_per_hour: 500, comments_per_hour: 200, pull_requests_per_hour: 50, burst: {actions: 100, seconds: 60}, repos_per_hour: 20}",
  "breaker: {trip_on: [rate, burst, scope, protected, blast_radius], contain: [unassign, draft_prs, hide_comments, close_issues, revert_pushes, revert_merges], lookback: 1h}",
  'digest: "off"',
  "",
].join("\n");

const WORLD = {
  owner: "acme",
  repo: "widgets",
  default_branch: "main",
  app: "agent-guardrails[bot]",
  permissions: { maint: "admin", dev: "write", Copilot: "write", "copilot-swe-agent[bot]": "write" },
  members: ["maint", "dev"],
  files: { ".github/agent-guardrails.yml": CONFIG },
};

/** A real example payload for `name`/`action`, deep-cloned, moved to acme/widgets (installation 4242), then patched. */
function example(name, action, patch) {
  const found = examples.find((e) => e.name === name)?.examples.find((e) => e.action === action);
  if (!found) throw new Error(`no example payload for ${name}.${action}`);
  const p = JSON.parse(JSON.stringify(found));
  p.repository = {
    ...p.repository,
    name: "widgets",
    full_name: "acme/widgets",
    html_url: "https://github.com/acme/widgets",
    url: "https://api.github.com/repos/acme/widgets",
    default_branch: "main",
    owner: { ...p.repository.owner, login: "acme", id: 1002, node_id: "MDEyOk9yZ2FuaXphdGlvbjEwMDI=", type: "Organization" },
  };
  p.organization = { login: "acme", id: 1002, node_id: "MDEyOk9yZ2FuaXphdGlvbjEwMDI=" };
  p.installation = { id: 4242, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==" };
  patch(p);
  return p;
}

/** Issue (or PR) `number` as an issue webhook carries it: opened by `author`, assigned to `assignees`. */
function shapeIssue(p, number, { author, title, assignees = [], pullRequest = false }) {
  p.issue.number = number;
  p.issue.node_id = `I_kw${number}`;
  p.issue.title = title;
  p.issue.html_url = `https://github.com/acme/widgets/${pullRequest ? "pull" : "issues"}/${number}`;
  p.issue.url = `https://api.github.com/repos/acme/widgets/issues/${number}`;
  p.issue.user = { ...author };
  p.issue.author_association = author.type === "Bot" ? "NONE" : "MEMBER";
  p.issue.labels = [];
  p.issue.state = "open";
  p.issue.assignee = assignees[0] ?? null;
  p.issue.assignees = assignees.map((a) => ({ ...a }));
  if (pullRequest) p.issue.pull_request = { url: `https://api.github.com/repos/acme/widgets/pulls/${number}`, html_url: p.issue.html_url };
  else delete p.issue.pull_request;
}

const THREADS = {
  7: { author: dev, title: "Fetcher drops the last page", assignees: [copilot] },
  42: { author: copilot, title: "Add retries to the fetcher", assignees: [copilot], pullRequest: true },
};

function assigned(number) {
  return example("issues", "assigned", (p) => {
    shapeIssue(p, number, THREADS[number]);
    p.assignee = { ...copilot };
    p.sender = { ...dev };
  });
}

function comment(sender, number, commentId, body) {
  return example("issue_comment", "created", (p) => {
    shapeIssue(p, number, THREADS[number]);
    p.sender = { ...sender };
    p.comment.id = commentId;
    p.comment.node_id = `IC_${commentId}`;
    p.comment.html_url = `${p.issue.html_url}#issuecomment-${commentId}`;
    p.comment.url = `https://api.github.com/repos/acme/widgets/issues/comments/${commentId}`;
    p.comment.issue_url = p.issue.url;
    p.comment.body = body;
    p.comment.user = { ...sender };
    p.comment.author_association = sender.type === "Bot" ? "NONE" : "MEMBER";
  });
}

function issueOpened(number, title) {
  return example("issues", "opened", (p) => {
    shapeIssue(p, number, { author: copilot, title });
    p.issue.body = "Found while retrying the fetcher.";
    p.sender = { ...copilot };
  });
}

const line = (value) => JSON.stringify(value);
const iso = (ms) => new Date(ms).toISOString();

const T0 = Date.parse("2026-11-20T10:00:00.000Z");
const FLOOD_START = T0 + 60_000;
/** Two actions a second for a minute: the burst limit (100 in 60 s) trips at the 101st. */
const FLOOD_ACTIONS = 120;
const FLOOD_SPACING_MS = 500;

const act2 = [line({ world: WORLD })];
act2.push(line({ name: "issues", at: iso(T0), id: "act2-assign-7", payload: assigned(7) }));
act2.push(line({ name: "issues", at: iso(T0 + 5_000), id: "act2-assign-42", payload: assigned(42) }));
let issueNumber = 100;
for (let i = 0; i < FLOOD_ACTIONS; i++) {
  const at = iso(FLOOD_START + i * FLOOD_SPACING_MS);
  const id = `act2-flood-${String(i + 1).padStart(3, "0")}`;
  // Issues only before the trip: the incident issue then takes the next number (#110), as on GitHub.
  if (i % 10 === 9 && i < 100) {
    const number = issueNumber++;
    act2.push(line({ name: "issues", at, id, payload: issueOpened(number, `Retry the retry (${number})`) }));
  } else {
    const number = i % 2 === 0 ? 7 : 42;
    act2.push(
      line({ name: "issue_comment", at, id, payload: comment(copilot, number, 700_000 + i, `Retrying the fetcher, attempt ${i + 1}.`) }),
    );
  }
}
// Virtual time goes on for five minutes: the paced containment drains as the sweep timer would.
for (let minute = 3; minute <= 7; minute++) act2.push(line({ tick: iso(T0 + minute * 60_000) }));

// Act 3: ten minutes after the trip, the maintainer finds it a false positive and resumes with --undo.
const act3 = [...act2];
act3.push(
  line({
    name: "issue_comment",
    at: iso(T0 + 10 * 60_000),
    id: "act3-resume-undo",
    payload: comment(maint, 7, 790_001, "False alarm: Copilot was retrying a flaky API as asked.\n\n/guardrails resume @Copilot --undo"),
  }),
);
for (let minute = 11; minute <= 14; minute++) act3.push(line({ tick: iso(T0 + minute * 60_000) }));

writeFileSync(join(directory, "demo-act2-runaway.jsonl"), `${act2.join("\n")}\n`);
writeFileSync(join(directory, "demo-act3-resume-undo.jsonl"), `${act3.join("\n")}\n`);
