#!/usr/bin/env node
/**
 * Writes test/fixtures/backtest/acme-widgets.json: a day of acme/widgets's history as GitHub's
 * REST API answers it, page by page, for the backtest tests (test/backtest/). The tests serve it
 * over HTTP on 127.0.0.1 (test/backtest/replay-server.ts), so each answer is keyed by the request
 * the backtest sends: `METHOD /path?query` with the query's parameters sorted and decoded. Link
 * headers name the server as `{base}`, which the replay server replaces with its own address.
 *
 * The day, 2026-11-20 (UTC), in the order it happened:
 * - 08:00 dev opens #1; maint labels it and comments; dev opens the threads #2 to #5.
 * - 09:00 Copilot opens PR #6 from its branch copilot/fix-fetcher (a draft, one commit, src/fetch.ts
 *   changed), writes a review comment at 09:20, pushes a second commit at 09:25 and marks the PR
 *   ready at 09:30; dev reviews it.
 * - 09:40 dev opens PR #8, maint merges it at 09:50.
 * - 10:00 amok-agent[bot] (listed in the repo's config) opens issue #7, then from 10:05 floods
 *   #2-#5 with 120 comments, one every 2 s: the issue-comments list runs over two pages.
 * - 11:00 claude[bot] (a well-known coding agent, not in the config) pushes one commit straight to
 *   main changing .github/workflows/ci.yml; 11:30 maint pushes a README fix to main.
 * - 12:00 speedy, a person's account, posts 15 comments on #3 in 28 s: machine pace.
 * Also recorded: the repository acme/missing answering 404, and the org's .github repository's
 * config file answering 404.
 *
 * Run: node scripts/write-backtest-fixture.mjs
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Buffer } from "node:buffer";
import { fileURLToPath, URLSearchParams } from "node:url";

const OUT = join(dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures", "backtest", "acme-widgets.json");
const API = "https://api.github.com";
const WEB = "https://github.com";
const OWNER = "acme";
const REPO = "widgets";
const FULL = `${OWNER}/${REPO}`;
const SINCE = "2026-11-20T00:00:00.000Z";
const PER_PAGE = 100;

const CONFIG = `# acme/widgets: agents are gated, the breaker stops a runaway.
mode: enforce
owner: maint
agents: ["amok-agent[bot]"]
approvers: write
policy: { pull_request: draft, merge: require_approval, comment: hide, issue: flag }
limits: { actions_per_hour: 60, comments_per_hour: 20, burst: { actions: 10, seconds: 60 } }
`;

function user(login, id, type = "User") {
  const path = type === "Bot" && login.endsWith("[bot]") ? `apps/${login.slice(0, -5)}` : login;
  return {
    login,
    id,
    node_id: `${type === "Bot" ? "BOT" : "U"}_${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: "",
    url: `${API}/users/${encodeURIComponent(login)}`,
    html_url: `${WEB}/${path}`,
    type,
    site_admin: false,
  };
}

const people = {
  maint: user("maint", 2001),
  dev: user("dev", 2002),
  speedy: user("speedy", 2004),
  copilot: user("Copilot", 198982749, "Bot"),
  amok: user("amok-agent[bot]", 3003, "Bot"),
  claude: user("claude[bot]", 209825114, "Bot"),
  org: { ...user("acme", 1002, "Organization"), node_id: "O_acme" },
};
const association = { maint: "MEMBER", dev: "MEMBER", speedy: "MEMBER", Copilot: "CONTRIBUTOR", "amok-agent[bot]": "NONE" };

const repository = {
  id: 5005,
  node_id: "R_widgets",
  name: REPO,
  full_name: FULL,
  private: false,
  owner: people.org,
  html_url: `${WEB}/${FULL}`,
  description: "Widgets, fetched",
  fork: false,
  url: `${API}/repos/${FULL}`,
  created_at: "2025-01-02T03:04:05Z",
  updated_at: "2026-11-20T12:00:28Z",
  pushed_at: "2026-11-20T09:50:00Z",
  default_branch: "main",
  visibility: "public",
  open_issues_count: 6,
  has_issues: true,
  has_discussions: false,
  archived: false,
  disabled: false,
};

const at = (hh, mm, ss = 0) => `2026-11-20T${String(hh).padStart(2, "0")}:${String(mm).padStart(2, "0")}:${String(ss).padStart(2, "0")}Z`;
const plus = (iso, seconds) => new Date(Date.parse(iso) + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
const sha = (seed) => {
  let h = 0x811c9dc5;
  const out = [];
  for (let i = 0; out.length < 40; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i % seed.length) ^ i, 16777619) >>> 0;
    out.push(...h.toString(16).padStart(8, "0"));
  }
  return out.slice(0, 40).join("");
};

function reactions(url) {
  return { url, total_count: 0, "+1": 0, "-1": 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };
}

function label(name, color) {
  return {
    id: 600 + name.length,
    node_id: `LA_${name}`,
    url: `${API}/repos/${FULL}/labels/${encodeURIComponent(name)}`,
    name,
    color,
    default: false,
    description: null,
  };
}

function issue(number, author, title, createdAt, extra = {}) {
  return {
    url: `${API}/repos/${FULL}/issues/${number}`,
    repository_url: `${API}/repos/${FULL}`,
    labels_url: `${API}/repos/${FULL}/issues/${number}/labels{/name}`,
    comments_url: `${API}/repos/${FULL}/issues/${number}/comments`,
    events_url: `${API}/repos/${FULL}/issues/${number}/events`,
    html_url: `${WEB}/${FULL}/issues/${number}`,
    id: 440000 + number,
    node_id: `I_${number}`,
    number,
    title,
    user: author,
    labels: [],
    state: "open",
    locked: false,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: 0,
    created_at: createdAt,
    updated_at: createdAt,
    closed_at: null,
    author_association: association[author.login],
    active_lock_reason: null,
    body: `${title}.`,
    timeline_url: `${API}/repos/${FULL}/issues/${number}/timeline`,
    performed_via_github_app: null,
    state_reason: null,
    reactions: reactions(`${API}/repos/${FULL}/issues/${number}/reactions`),
    ...extra,
  };
}

function timelineEvent(id, event, actor, createdAt, extra = {}) {
  return {
    id,
    node_id: `E_${id}`,
    url: `${API}/repos/${FULL}/issues/events/${id}`,
    actor,
    event,
    commit_id: null,
    commit_url: null,
    created_at: createdAt,
    performed_via_github_app: null,
    ...extra,
  };
}

let commentId = 900000;
function issueComment(number, author, createdAt, body) {
  const id = commentId++;
  return {
    url: `${API}/repos/${FULL}/issues/comments/${id}`,
    html_url: `${WEB}/${FULL}/issues/${number}#issuecomment-${id}`,
    issue_url: `${API}/repos/${FULL}/issues/${number}`,
    id,
    node_id: `IC_${id}`,
    user: author,
    created_at: createdAt,
    updated_at: createdAt,
    author_association: association[author.login],
    body,
    reactions: reactions(`${API}/repos/${FULL}/issues/comments/${id}/reactions`),
    performed_via_github_app: null,
  };
}

function commit(seed, author, date, message, parent) {
  const id = sha(seed);
  return {
    sha: id,
    node_id: `C_${id.slice(0, 12)}`,
    commit: {
      author: { name: author.login, email: `${author.id}+${author.login}@users.noreply.github.com`, date },
      committer: { name: "GitHub", email: "noreply@github.com", date },
      message,
      tree: { sha: sha(`tree:${seed}`), url: `${API}/repos/${FULL}/git/trees/${sha(`tree:${seed}`)}` },
      url: `${API}/repos/${FULL}/git/commits/${id}`,
      comment_count: 0,
      verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
    },
    url: `${API}/repos/${FULL}/commits/${id}`,
    html_url: `${WEB}/${FULL}/commit/${id}`,
    comments_url: `${API}/repos/${FULL}/commits/${id}/comments`,
    author,
    committer: null,
    parents: parent ? [{ sha: parent, url: `${API}/repos/${FULL}/commits/${parent}`, html_url: `${WEB}/${FULL}/commit/${parent}` }] : [],
  };
}

function pull(number, author, title, createdAt, head, extra = {}) {
  const base = { label: `${OWNER}:main`, ref: "main", sha: sha("main-base"), user: people.org, repo: repository };
  return {
    url: `${API}/repos/${FULL}/pulls/${number}`,
    id: 770000 + number,
    node_id: `PR_${number}`,
    html_url: `${WEB}/${FULL}/pull/${number}`,
    diff_url: `${WEB}/${FULL}/pull/${number}.diff`,
    patch_url: `${WEB}/${FULL}/pull/${number}.patch`,
    issue_url: `${API}/repos/${FULL}/issues/${number}`,
    number,
    state: "open",
    locked: false,
    title,
    user: author,
    body: `${title}.`,
    created_at: createdAt,
    updated_at: createdAt,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    labels: [],
    milestone: null,
    draft: false,
    commits_url: `${API}/repos/${FULL}/pulls/${number}/commits`,
    review_comments_url: `${API}/repos/${FULL}/pulls/${number}/comments`,
    review_comment_url: `${API}/repos/${FULL}/pulls/comments{/number}`,
    comments_url: `${API}/repos/${FULL}/issues/${number}/comments`,
    statuses_url: `${API}/repos/${FULL}/statuses/${head.sha}`,
    head: { label: `${OWNER}:${head.ref}`, ref: head.ref, sha: head.sha, user: people.org, repo: repository },
    base,
    author_association: association[author.login],
    auto_merge: null,
    active_lock_reason: null,
    merged: false,
    mergeable: true,
    rebaseable: true,
    mergeable_state: "clean",
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 1,
    deletions: 1,
    changed_files: 1,
    _links: {
      self: { href: `${API}/repos/${FULL}/pulls/${number}` },
      html: { href: `${WEB}/${FULL}/pull/${number}` },
      issue: { href: `${API}/repos/${FULL}/issues/${number}` },
      comments: { href: `${API}/repos/${FULL}/issues/${number}/comments` },
      review_comments: { href: `${API}/repos/${FULL}/pulls/${number}/comments` },
      review_comment: { href: `${API}/repos/${FULL}/pulls/comments{/number}` },
      commits: { href: `${API}/repos/${FULL}/pulls/${number}/commits` },
      statuses: { href: `${API}/repos/${FULL}/statuses/${head.sha}` },
    },
    ...extra,
  };
}

function file(filename, status = "modified") {
  return {
    sha: sha(`blob:${filename}`),
    filename,
    status,
    additions: 3,
    deletions: 1,
    changes: 4,
    blob_url: `${WEB}/${FULL}/blob/main/${filename}`,
    raw_url: `${WEB}/${FULL}/raw/main/${filename}`,
    contents_url: `${API}/repos/${FULL}/contents/${filename}?ref=main`,
    patch: "@@ -1 +1,3 @@",
  };
}

function asPullIssue(issueObject, mergedAt = null) {
  return {
    ...issueObject,
    pull_request: {
      url: `${API}/repos/${FULL}/pulls/${issueObject.number}`,
      html_url: `${WEB}/${FULL}/pull/${issueObject.number}`,
      diff_url: `${WEB}/${FULL}/pull/${issueObject.number}.diff`,
      patch_url: `${WEB}/${FULL}/pull/${issueObject.number}.patch`,
      merged_at: mergedAt,
    },
  };
}

// --- the day -------------------------------------------------------------------------------
const bug = label("bug", "d73a4a");
const issues = [];
const timelines = {};
const pulls = {};
const comments = [];
const reviewComments = [];

issues.push(issue(1, people.dev, "Flaky fetcher test", at(8, 0), { labels: [bug], comments: 1, updated_at: at(8, 5) }));
timelines[1] = [timelineEvent(51, "labeled", people.maint, at(8, 2), { label: { name: bug.name, color: bug.color } })];
comments.push(issueComment(1, people.maint, at(8, 5), "Seen it too: the last page is dropped."));
for (const number of [2, 3, 4, 5]) {
  issues.push(issue(number, people.dev, `Thread ${number}`, at(8, 10 + number)));
  timelines[number] = [];
}

// PR #6: Copilot, from its branch in this repository, opened as a draft, then one more push and ready.
const c1 = commit("copilot-1", people.copilot, at(8, 58), "Fix the fetcher's last page", sha("main-base"));
const c2 = commit("copilot-2", people.copilot, at(9, 25), "Address review", c1.sha);
pulls[6] = {
  pull: pull(
    6,
    people.copilot,
    "Fix the fetcher's last page",
    at(9, 0),
    { ref: "copilot/fix-fetcher", sha: c2.sha },
    { commits: 2, updated_at: at(9, 35), review_comments: 1 },
  ),
  reviews: [
    {
      id: 880001,
      node_id: "PRR_880001",
      user: people.dev,
      body: "Looks right to me.",
      state: "COMMENTED",
      html_url: `${WEB}/${FULL}/pull/6#pullrequestreview-880001`,
      pull_request_url: `${API}/repos/${FULL}/pulls/6`,
      author_association: "MEMBER",
      submitted_at: at(9, 35),
      commit_id: c2.sha,
      _links: { html: { href: `${WEB}/${FULL}/pull/6#pullrequestreview-880001` }, pull_request: { href: `${API}/repos/${FULL}/pulls/6` } },
    },
  ],
  commits: [c1, c2],
  files: [file("src/fetch.ts")],
};
issues.push(asPullIssue(issue(6, people.copilot, "Fix the fetcher's last page", at(9, 0), { updated_at: at(9, 35) })));
timelines[6] = [timelineEvent(61, "ready_for_review", people.copilot, at(9, 30))];
reviewComments.push({
  url: `${API}/repos/${FULL}/pulls/comments/990001`,
  pull_request_review_id: 880000,
  id: 990001,
  node_id: "PRRC_990001",
  diff_hunk: "@@ -1 +1,3 @@",
  path: "src/fetch.ts",
  commit_id: c1.sha,
  original_commit_id: c1.sha,
  user: people.copilot,
  body: "This loop now stops after the last page.",
  created_at: at(9, 20),
  updated_at: at(9, 20),
  html_url: `${WEB}/${FULL}/pull/6#discussion_r990001`,
  pull_request_url: `${API}/repos/${FULL}/pulls/6`,
  author_association: "CONTRIBUTOR",
  position: 2,
  original_position: 2,
  line: 2,
  side: "RIGHT",
  _links: {
    self: { href: `${API}/repos/${FULL}/pulls/comments/990001` },
    html: { href: `${WEB}/${FULL}/pull/6#discussion_r990001` },
    pull_request: { href: `${API}/repos/${FULL}/pulls/6` },
  },
  reactions: reactions(`${API}/repos/${FULL}/pulls/comments/990001/reactions`),
  original_line: 2,
  subject_type: "line",
});

// PR #8: dev's, merged by maint.
const d1 = commit("dev-1", people.dev, at(9, 39), "Document the fetcher", sha("main-base"));
pulls[8] = {
  pull: pull(
    8,
    people.dev,
    "Document the fetcher",
    at(9, 40),
    { ref: "docs-fetcher", sha: d1.sha },
    {
      state: "closed",
      merged: true,
      merged_at: at(9, 50),
      closed_at: at(9, 50),
      merged_by: people.maint,
      merge_commit_sha: sha("merge-8"),
      updated_at: at(9, 50),
    },
  ),
  reviews: [],
  commits: [d1],
  files: [file("README.md")],
};
issues.push(
  asPullIssue(
    issue(8, people.dev, "Document the fetcher", at(9, 40), { state: "closed", closed_at: at(9, 50), updated_at: at(9, 50) }),
    at(9, 50),
  ),
);
timelines[8] = [
  timelineEvent(81, "merged", people.maint, at(9, 50), {
    commit_id: sha("merge-8"),
    commit_url: `${API}/repos/${FULL}/commits/${sha("merge-8")}`,
  }),
  timelineEvent(82, "closed", people.maint, at(9, 50)),
];

// #7: an issue amok-agent[bot] opens, then its flood.
issues.push(issue(7, people.amok, "Found 3 problems", at(10, 0)));
timelines[7] = [];
for (let i = 0; i < 120; i++) comments.push(issueComment(2 + (i % 4), people.amok, plus(at(10, 5), i * 2), `Still looking (${i + 1}/120)`));
// speedy: a person's account posting 15 comments in 28 seconds.
for (let i = 0; i < 15; i++) comments.push(issueComment(3, people.speedy, plus(at(12, 0), i * 2), `ack ${i + 1}`));

issues.sort((a, b) => a.created_at.localeCompare(b.created_at));

// main: the squash commit of #8, then two direct pushes (newest first, as GitHub lists them).
const squash8 = { ...commit("merge-8", people.dev, at(9, 50), "Document the fetcher (#8)", sha("main-base")), sha: sha("merge-8") };
const claudePush = commit("claude-1", people.claude, at(11, 0), "ci: skip the flaky fetcher test", squash8.sha);
const maintPush = commit("maint-1", people.maint, at(11, 30), "README: typo", claudePush.sha);
const mainCommits = [maintPush, claudePush, squash8];
const wholeCommit = (c, files) => ({ ...c, stats: { total: 4, additions: 3, deletions: 1 }, files });

// --- the answers -----------------------------------------------------------------------------
const answers = {};
const RATE = { "x-ratelimit-limit": "5000", "x-ratelimit-resource": "core" };

function key(path, query = {}) {
  const entries = Object.entries(query)
    .map(([k, v]) => [k, String(v)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `GET ${path}${entries.length > 0 ? `?${entries.map(([k, v]) => `${k}=${v}`).join("&")}` : ""}`;
}

function answer(path, query, body, status = 200) {
  answers[key(path, query)] = { status, headers: { ...RATE }, body };
}

/** Records a list as GitHub pages it: per_page items a page, Link next/last (and prev/first) as GitHub writes them. */
function pages(path, query, items) {
  const count = Math.max(1, Math.ceil(items.length / PER_PAGE));
  const url = (page) => {
    const search = new URLSearchParams({ ...query, page: String(page) });
    return `{base}${path}?${search.toString()}`;
  };
  for (let page = 1; page <= count; page++) {
    const links = [];
    if (page < count) links.push(`<${url(page + 1)}>; rel="next"`, `<${url(count)}>; rel="last"`);
    if (page > 1) links.push(`<${url(page - 1)}>; rel="prev"`, `<${url(1)}>; rel="first"`);
    const headers = { ...RATE, ...(links.length > 0 ? { link: links.join(", ") } : {}) };
    answers[key(path, page === 1 ? query : { ...query, page })] = {
      status: 200,
      headers,
      body: items.slice((page - 1) * PER_PAGE, page * PER_PAGE),
    };
  }
}

const notFound = (docs) => ({ message: "Not Found", documentation_url: docs, status: "404" });
const list = { per_page: PER_PAGE };
const windowed = { direction: "asc", per_page: PER_PAGE, since: SINCE, sort: "created" };

answer(`/repos/${FULL}`, {}, repository);
answer("/repos/acme/missing", {}, notFound("https://docs.github.com/rest/repos/repos#get-a-repository"), 404);
const content = Buffer.from(CONFIG, "utf8").toString("base64");
answer(
  `/repos/${FULL}/contents/.github/agent-guardrails.yml`,
  {},
  {
    type: "file",
    encoding: "base64",
    size: CONFIG.length,
    name: "agent-guardrails.yml",
    path: ".github/agent-guardrails.yml",
    content: content.replace(/(.{60})/g, "$1\n"),
    sha: sha("config"),
    url: `${API}/repos/${FULL}/contents/.github/agent-guardrails.yml?ref=main`,
    git_url: `${API}/repos/${FULL}/git/blobs/${sha("config")}`,
    html_url: `${WEB}/${FULL}/blob/main/.github/agent-guardrails.yml`,
    download_url: `https://raw.githubusercontent.com/${FULL}/main/.github/agent-guardrails.yml`,
    _links: {
      self: `${API}/repos/${FULL}/contents/.github/agent-guardrails.yml?ref=main`,
      git: `${API}/repos/${FULL}/git/blobs/${sha("config")}`,
      html: `${WEB}/${FULL}/blob/main/.github/agent-guardrails.yml`,
    },
  },
);
answer(
  `/repos/${OWNER}/.github/contents/.github/agent-guardrails.yml`,
  {},
  notFound("https://docs.github.com/rest/repos/contents#get-repository-content"),
  404,
);
pages(`/repos/${FULL}/collaborators`, list, [
  { ...people.maint, permissions: { admin: true, maintain: true, push: true, triage: true, pull: true }, role_name: "admin" },
  { ...people.dev, permissions: { admin: false, maintain: false, push: true, triage: true, pull: true }, role_name: "write" },
  { ...people.speedy, permissions: { admin: false, maintain: false, push: true, triage: true, pull: true }, role_name: "write" },
]);
pages(`/repos/${FULL}/issues`, { ...windowed, state: "all" }, issues);
pages(`/repos/${FULL}/issues/comments`, windowed, comments);
pages(`/repos/${FULL}/pulls/comments`, windowed, reviewComments);
pages(`/repos/${FULL}/commits`, { per_page: PER_PAGE, sha: "main", since: SINCE }, mainCommits);
answer(`/repos/${FULL}/commits/${claudePush.sha}`, {}, wholeCommit(claudePush, [file(".github/workflows/ci.yml")]));
answer(`/repos/${FULL}/commits/${maintPush.sha}`, {}, wholeCommit(maintPush, [file("README.md")]));
for (const item of issues) pages(`/repos/${FULL}/issues/${item.number}/timeline`, list, timelines[item.number] ?? []);
for (const [number, p] of Object.entries(pulls)) {
  answer(`/repos/${FULL}/pulls/${number}`, {}, p.pull);
  pages(`/repos/${FULL}/pulls/${number}/reviews`, list, p.reviews);
  pages(`/repos/${FULL}/pulls/${number}/commits`, list, p.commits);
  pages(`/repos/${FULL}/pulls/${number}/files`, list, p.files);
}

mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify({ since: SINCE, answers }, null, 1)}\n`);
console.log(`wrote ${OUT}: ${Object.keys(answers).length} answers`);
