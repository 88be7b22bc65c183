import { createHash } from "node:crypto";
import { asObject, fakeSha, idFrom, threadKey, type JsonObject, type StandInState } from "./stand-in-state.js";

/** A request as the router sees it: path segments already URL-decoded one by one. */
export interface RestRequest {
  method: string;
  segments: string[];
  query: URLSearchParams;
  body: unknown;
  /** The Accept header, lower case. */
  accept: string;
}

/** What the stand-in answers: a JSON body, or raw text with its own content type. */
export interface Reply {
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

type Params = Record<string, string>;
type Handler = (state: StandInState, params: Params, request: RestRequest) => Reply;

const NOT_FOUND: Reply = { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };
const NO_CONTENT: Reply = { status: 204 };

/**
 * Answers a REST request like GitHub would, from the world and what the stand-in has seen.
 * Routes cover what a GitHub App like this one reads and writes; anything else is a 404, which
 * the recording shows.
 */
export function answerRest(state: StandInState, request: RestRequest): Reply {
  for (const [method, pattern, handler] of ROUTES) {
    if (method !== request.method) continue;
    const params = match(pattern, request.segments);
    if (!params) continue;
    if (params.owner !== undefined && params.repo !== undefined && !state.knownRepos.has(`${params.owner}/${params.repo}`)) {
      // Contents of another repository may be given in world.files as "owner/name:path".
      if (!(pattern.includes("/contents/") && hasOtherRepoFiles(state, `${params.owner}/${params.repo}`))) return NOT_FOUND;
    }
    return handler(state, params, request);
  }
  return NOT_FOUND;
}

/** `:name` matches one segment, `*name` the rest (joined with "/"). */
function match(pattern: string, segments: string[]): Params | undefined {
  const parts = pattern.split("/").slice(1);
  const params: Params = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (part.startsWith("*")) {
      if (i >= segments.length) return undefined;
      params[part.slice(1)] = segments.slice(i).join("/");
      return params;
    }
    const segment = segments[i];
    if (segment === undefined) return undefined;
    if (part.startsWith(":")) params[part.slice(1)] = segment;
    else if (part !== segment) return undefined;
  }
  return parts.length === segments.length ? params : undefined;
}

const ROUTES: [string, string, Handler][] = [
  ["GET", "/app", (state) => ({ status: 200, body: app(state) })],
  [
    "POST",
    "/app/installations/:id/access_tokens",
    () => ({
      status: 201,
      body: { token: "ghs_standin", expires_at: "2099-01-01T00:00:00Z", permissions: {}, repository_selection: "all" },
    }),
  ],
  ["GET", "/app/installations/:id", (state, p) => ({ status: 200, body: installation(state, Number(p.id)) })],
  ["GET", "/repos/:owner/:repo/installation", (state) => ({ status: 200, body: installation(state, state.installationId) })],
  ["GET", "/orgs/:org/installation", (state) => ({ status: 200, body: installation(state, state.installationId) })],
  ["GET", "/rate_limit", () => ({ status: 200, body: { resources: { core: { limit: 5000, remaining: 4999, used: 1 } } } })],

  ["GET", "/repos/:owner/:repo", (state, p) => ({ status: 200, body: repository(state, p) })],
  ["GET", "/repos/:owner/:repo/contents/*path", contents],

  ["GET", "/repos/:owner/:repo/collaborators/:user/permission", permission],
  ["GET", "/repos/:owner/:repo/collaborators/:user", (state, p) => ((state.world.permissions[p.user as string] ?? "none") === "none" ? NOT_FOUND : NO_CONTENT)],
  ["GET", "/orgs/:org/members/:user", (state, p) => (isMember(state, p) ? NO_CONTENT : NOT_FOUND)],
  [
    "GET",
    "/orgs/:org/memberships/:user",
    (state, p) =>
      isMember(state, p)
        ? { status: 200, body: { state: "active", role: "member", organization: { login: p.org }, user: state.account(p.user as string) } }
        : NOT_FOUND,
  ],

  ["GET", "/repos/:owner/:repo/pulls/:number", (state, p) => ({ status: 200, body: state.pull(repoOf(p), Number(p.number)) })],
  ["PATCH", "/repos/:owner/:repo/pulls/:number", updatePull],
  ["POST", "/repos/:owner/:repo/pulls", createPull],
  ["GET", "/repos/:owner/:repo/pulls/:number/files", pullFiles],
  ["GET", "/repos/:owner/:repo/pulls/:number/reviews", listReviews],
  ["PUT", "/repos/:owner/:repo/pulls/:number/reviews/:id/dismissals", dismissReview],
  ["GET", "/repos/:owner/:repo/pulls/comments/:id", (state, p) => readComment(state, p)],
  ["PATCH", "/repos/:owner/:repo/pulls/comments/:id", (state, p, r) => editComment(state, p, r)],
  ["DELETE", "/repos/:owner/:repo/pulls/comments/:id", (state, p) => deleteComment(state, p)],

  ["GET", "/repos/:owner/:repo/issues", listIssues],
  ["POST", "/repos/:owner/:repo/issues", createIssue],
  ["GET", "/repos/:owner/:repo/issues/comments/:id", (state, p) => readComment(state, p)],
  ["PATCH", "/repos/:owner/:repo/issues/comments/:id", (state, p, r) => editComment(state, p, r)],
  ["DELETE", "/repos/:owner/:repo/issues/comments/:id", (state, p) => deleteComment(state, p)],
  ["GET", "/repos/:owner/:repo/issues/:number", (state, p) => ({ status: 200, body: state.issue(repoOf(p), Number(p.number)) })],
  ["PATCH", "/repos/:owner/:repo/issues/:number", updateIssue],
  ["GET", "/repos/:owner/:repo/issues/:number/comments", listComments],
  ["POST", "/repos/:owner/:repo/issues/:number/comments", createComment],
  ["GET", "/repos/:owner/:repo/issues/:number/labels", (state, p) => ({ status: 200, body: labelsOf(state, p) })],
  ["POST", "/repos/:owner/:repo/issues/:number/labels", (state, p, r) => setLabels(state, p, r, "add")],
  ["PUT", "/repos/:owner/:repo/issues/:number/labels", (state, p, r) => setLabels(state, p, r, "replace")],
  ["DELETE", "/repos/:owner/:repo/issues/:number/labels", (state, p) => (state.labels.set(threadOf(p), []), NO_CONTENT)],
  ["DELETE", "/repos/:owner/:repo/issues/:number/labels/:name", removeLabel],
  ["POST", "/repos/:owner/:repo/issues/:number/assignees", (state, p) => ({ status: 201, body: state.issue(repoOf(p), Number(p.number)) })],
  ["DELETE", "/repos/:owner/:repo/issues/:number/assignees", (state, p) => ({ status: 200, body: state.issue(repoOf(p), Number(p.number)) })],
  ["GET", "/repos/:owner/:repo/labels/:name", (state, p) => ({ status: 200, body: state.labelObjects(repoOf(p), [p.name as string])[0] })],
  ["POST", "/repos/:owner/:repo/labels", createLabel],

  ["POST", "/repos/:owner/:repo/check-runs", createCheckRun],
  ["PATCH", "/repos/:owner/:repo/check-runs/:id", updateCheckRun],
  ["GET", "/repos/:owner/:repo/check-runs/:id", (state, p) => checkRunById(state, p)],
  ["GET", "/repos/:owner/:repo/commits/:ref/check-runs", listCheckRuns],
  ["POST", "/repos/:owner/:repo/statuses/:sha", (state, p, r) => ({ status: 201, body: { id: state.newId(), sha: p.sha, ...asObject(r.body) } })],
  ["GET", "/repos/:owner/:repo/commits/:ref", getCommit],

  ["GET", "/repos/:owner/:repo/git/commits/:sha", getGitCommit],
  ["POST", "/repos/:owner/:repo/git/commits", createGitCommit],
  ["GET", "/repos/:owner/:repo/git/ref/*ref", (state, p) => ({ status: 200, body: refBody(state, p, state.ref(repoOf(p), p.ref as string)) })],
  ["PATCH", "/repos/:owner/:repo/git/refs/*ref", updateRef],
  ["POST", "/repos/:owner/:repo/git/refs", createRef],

  ["GET", "/search/issues", searchIssues],
];

// --- the app and the repository ---

function app(state: StandInState): JsonObject {
  const slug = state.world.app.replace(/\[bot\]$/, "");
  return {
    id: 1,
    slug,
    node_id: "A_standin1",
    name: slug,
    owner: state.account(state.world.owner),
    html_url: `https://github.com/apps/${slug}`,
    permissions: { checks: "write", contents: "write", issues: "write", pull_requests: "write", members: "read", metadata: "read" },
    events: ["pull_request", "issue_comment", "push"],
  };
}

function installation(state: StandInState, id: number): JsonObject {
  return { id, account: state.account(state.world.owner), app_id: 1, target_type: "Organization", permissions: app(state).permissions };
}

function repository(state: StandInState, p: Params): JsonObject {
  const full = repoOf(p);
  return {
    id: idFrom(`repo:${full}`),
    node_id: `R_standin${idFrom(`repo:${full}`)}`,
    name: p.repo,
    full_name: full,
    private: false,
    owner: state.account(p.owner as string),
    html_url: `https://github.com/${full}`,
    default_branch: full === `${state.world.owner}/${state.world.repo}` ? state.world.default_branch : "main",
  };
}

function contents(state: StandInState, p: Params, request: RestRequest): Reply {
  const full = repoOf(p);
  const path = (p.path as string).replace(/\/+$/, "");
  const own = full === `${state.world.owner}/${state.world.repo}`;
  const file = state.world.files[`${full}:${path}`] ?? (own ? state.world.files[path] : undefined);
  if (file === undefined) {
    const entries = listDirectory(state, full, own, path);
    return entries.length === 0 ? NOT_FOUND : { status: 200, body: entries };
  }
  if (/application\/vnd\.github(\.v3)?\.raw/.test(request.accept)) {
    return { status: 200, text: file, headers: { "content-type": "application/vnd.github.raw; charset=utf-8" } };
  }
  return { status: 200, body: { ...contentEntry(full, path, file), encoding: "base64", content: base64Lines(file) } };
}

function listDirectory(state: StandInState, full: string, own: boolean, dir: string): JsonObject[] {
  const seen = new Map<string, JsonObject>();
  for (const [key, content] of Object.entries(state.world.files)) {
    const path = key.startsWith(`${full}:`) ? key.slice(full.length + 1) : own && !key.includes(":") ? key : undefined;
    if (path === undefined || !path.startsWith(`${dir}/`)) continue;
    const name = path.slice(dir.length + 1).split("/")[0] as string;
    const child = `${dir}/${name}`;
    if (seen.has(name)) continue;
    seen.set(name, child === path ? contentEntry(full, path, content) : { type: "dir", name, path: child, sha: fakeSha(`dir:${child}`) });
  }
  return [...seen.values()];
}

function contentEntry(full: string, path: string, file: string): JsonObject {
  const size = Buffer.byteLength(file);
  return {
    type: "file",
    size,
    name: path.split("/").pop(),
    path,
    sha: createHash("sha1").update(`blob ${size}\0${file}`).digest("hex"),
    url: `https://api.github.com/repos/${full}/contents/${path}`,
    html_url: `https://github.com/${full}/blob/HEAD/${path}`,
    download_url: `https://raw.githubusercontent.com/${full}/HEAD/${path}`,
  };
}

function base64Lines(text: string): string {
  return (Buffer.from(text).toString("base64").match(/.{1,60}/g) ?? []).join("\n") + "\n";
}

function hasOtherRepoFiles(state: StandInState, full: string): boolean {
  return Object.keys(state.world.files).some((key) => key.startsWith(`${full}:`));
}

// --- people ---

const LEGACY: Record<string, string> = { admin: "admin", maintain: "write", write: "write", triage: "read", read: "read", none: "none" };

function permission(state: StandInState, p: Params): Reply {
  const user = p.user as string;
  const role = state.world.permissions[user] ?? "none";
  return { status: 200, body: { permission: LEGACY[role] ?? "none", role_name: role, user: state.account(user) } };
}

function isMember(state: StandInState, p: Params): boolean {
  return p.org === state.world.owner && state.world.members.includes(p.user as string);
}

// --- pull requests and issues ---

function updatePull(state: StandInState, p: Params, request: RestRequest): Reply {
  const full = repoOf(p);
  const pull = state.pull(full, Number(p.number));
  const changes = pick(asObject(request.body), ["title", "body", "state", "base", "maintainer_can_modify"]);
  if (typeof changes.base === "string") changes.base = { ...asObject(pull.base), ref: changes.base };
  if (changes.state === "closed") changes.closed_at = state.now();
  state.rememberPull(full, { ...pull, ...changes, labels: undefined, number: pull.number });
  return { status: 200, body: state.pull(full, Number(p.number)) };
}

function createPull(state: StandInState, p: Params, request: RestRequest): Reply {
  const full = repoOf(p);
  const body = asObject(request.body) ?? {};
  if (typeof body.head !== "string" || typeof body.base !== "string") return validation("head and base are required");
  const number = state.nextNumber(full);
  state.rememberPull(full, {
    ...state.pull(full, number),
    title: body.title ?? null,
    body: body.body ?? null,
    draft: body.draft === true,
    user: state.account(state.world.app),
    head: { ref: body.head, sha: state.ref(full, `heads/${body.head}`) },
    base: { ref: body.base, sha: state.ref(full, `heads/${body.base}`) },
    created_at: state.now(),
  });
  return { status: 201, body: state.pull(full, number) };
}

/** A PR changes what pushes to its head branch changed (the stand-in knows nothing else). */
function pullFiles(state: StandInState, p: Params): Reply {
  const full = repoOf(p);
  const head = asObject(state.pull(full, Number(p.number)).head)?.ref;
  const paths = typeof head === "string" ? [...(state.branchPaths.get(`${full}:heads/${head}`) ?? [])] : [];
  return {
    status: 200,
    body: paths.map((filename) => ({ sha: fakeSha(`file:${filename}`), filename, status: "modified", additions: 1, deletions: 1, changes: 2 })),
  };
}

function listReviews(state: StandInState, p: Params): Reply {
  const reviews = [...state.reviews.values()].filter((r) => r.repo === repoOf(p) && r.number === Number(p.number));
  return { status: 200, body: reviews.map(({ repo: _repo, number: _number, ...review }) => review) };
}

function dismissReview(state: StandInState, p: Params, request: RestRequest): Reply {
  const id = Number(p.id);
  const known = state.reviews.get(id);
  const message = asObject(request.body)?.message;
  if (typeof message !== "string" || message === "") return validation("message is required");
  const review = { ...(known ?? { id, node_id: `PRR_standin${id}`, user: state.account("octocat") }), state: "DISMISSED" };
  if (known) state.reviews.set(id, { ...known, state: "DISMISSED" });
  const { repo: _repo, number: _number, ...body } = review as JsonObject;
  return { status: 200, body };
}

function listIssues(state: StandInState, p: Params, request: RestRequest): Reply {
  const full = repoOf(p);
  const wantState = request.query.get("state") ?? "open";
  const wantLabels = (request.query.get("labels") ?? "").split(",").filter((l) => l !== "");
  const creator = request.query.get("creator");
  const assignee = request.query.get("assignee");
  const issues = [...state.issues.keys()]
    .filter((key) => key.startsWith(`${full}#`))
    .map((key) => state.issue(full, Number(key.slice(full.length + 1))))
    .filter((issue) => wantState === "all" || issue.state === wantState)
    .filter((issue) => creator === null || asObject(issue.user)?.login === creator)
    .filter((issue) => assignee === null || (Array.isArray(issue.assignees) && (issue.assignees as JsonObject[]).some((a) => a.login === assignee)))
    .filter((issue) => wantLabels.every((label) => (issue.labels as JsonObject[]).some((l) => l.name === label)));
  return { status: 200, body: issues };
}

function createIssue(state: StandInState, p: Params, request: RestRequest): Reply {
  const full = repoOf(p);
  const body = asObject(request.body) ?? {};
  if (typeof body.title !== "string" || body.title === "") return validation("title is required");
  const number = state.nextNumber(full);
  const labels = Array.isArray(body.labels) ? body.labels.map(String) : [];
  state.issues.set(threadKey(full, number), {
    url: `https://api.github.com/repos/${full}/issues/${number}`,
    id: idFrom(`issue:${full}#${number}`),
    node_id: `I_standin${number}`,
    html_url: `https://github.com/${full}/issues/${number}`,
    number,
    state: "open",
    title: body.title,
    body: body.body ?? null,
    user: state.account(state.world.app),
    assignees: Array.isArray(body.assignees) ? body.assignees.map((login) => state.account(String(login))) : [],
    created_at: state.now(),
  });
  state.labels.set(threadKey(full, number), labels);
  return { status: 201, body: state.issue(full, number) };
}

function updateIssue(state: StandInState, p: Params, request: RestRequest): Reply {
  const full = repoOf(p);
  const number = Number(p.number);
  const issue = state.issue(full, number);
  const body = asObject(request.body) ?? {};
  const changes = pick(body, ["title", "body", "state", "state_reason"]);
  state.issues.set(threadKey(full, number), { ...issue, ...changes });
  if (Array.isArray(body.labels)) state.labels.set(threadKey(full, number), body.labels.map(String));
  if (changes.state !== undefined && state.pulls.has(threadKey(full, number))) {
    state.rememberPull(full, { ...state.pull(full, number), state: changes.state, labels: undefined });
  }
  return { status: 200, body: state.issue(full, number) };
}

// --- comments ---

function listComments(state: StandInState, p: Params): Reply {
  const comments = [...state.comments.values()].filter((c) => c.repo === repoOf(p) && c.number === Number(p.number) && c.kind === "issue");
  return { status: 200, body: comments.map((c) => c.json) };
}

function createComment(state: StandInState, p: Params, request: RestRequest): Reply {
  const full = repoOf(p);
  const number = Number(p.number);
  const text = asObject(request.body)?.body;
  if (typeof text !== "string" || text === "") return validation("body is required");
  const id = state.newId();
  const thread = state.pulls.has(threadKey(full, number)) ? "pull" : "issues";
  const json: JsonObject = {
    id,
    node_id: `IC_standin${id}`,
    url: `https://api.github.com/repos/${full}/issues/comments/${id}`,
    html_url: `https://github.com/${full}/${thread}/${number}#issuecomment-${id}`,
    issue_url: `https://api.github.com/repos/${full}/issues/${number}`,
    body: text,
    user: state.account(state.world.app),
    created_at: state.now(),
    updated_at: state.now(),
    author_association: "NONE",
  };
  state.comments.set(id, { repo: full, number, kind: "issue", json, minimized: false });
  return { status: 201, body: json };
}

function readComment(state: StandInState, p: Params): Reply {
  const comment = state.comments.get(Number(p.id));
  return comment && comment.repo === repoOf(p) ? { status: 200, body: comment.json } : NOT_FOUND;
}

function editComment(state: StandInState, p: Params, request: RestRequest): Reply {
  const text = asObject(request.body)?.body;
  if (typeof text !== "string" || text === "") return validation("body is required");
  const id = Number(p.id);
  const known = state.comments.get(id);
  const json = { ...(known?.json ?? { id, node_id: `IC_standin${id}` }), body: text, updated_at: state.now() };
  state.comments.set(id, { repo: repoOf(p), number: known?.number ?? 0, kind: known?.kind ?? "issue", json, minimized: known?.minimized ?? false });
  return { status: 200, body: json };
}

function deleteComment(state: StandInState, p: Params): Reply {
  state.comments.delete(Number(p.id));
  return NO_CONTENT;
}

// --- labels ---

function labelsOf(state: StandInState, p: Params): JsonObject[] {
  return state.labelObjects(repoOf(p), state.labels.get(threadOf(p)) ?? []);
}

function setLabels(state: StandInState, p: Params, request: RestRequest, mode: "add" | "replace"): Reply {
  const body = request.body;
  const given = Array.isArray(body) ? body : asObject(body)?.labels;
  if (!Array.isArray(given)) return validation("labels is required");
  const names = given.map((l) => (typeof l === "string" ? l : String(asObject(l)?.name ?? "")));
  const current = mode === "add" ? (state.labels.get(threadOf(p)) ?? []) : [];
  state.labels.set(threadOf(p), [...new Set([...current, ...names])]);
  return { status: 200, body: labelsOf(state, p) };
}

function removeLabel(state: StandInState, p: Params): Reply {
  const current = state.labels.get(threadOf(p)) ?? [];
  if (!current.includes(p.name as string)) {
    return { status: 404, body: { message: "Label does not exist", documentation_url: "https://docs.github.com/rest/issues/labels" } };
  }
  state.labels.set(
    threadOf(p),
    current.filter((name) => name !== p.name),
  );
  return { status: 200, body: labelsOf(state, p) };
}

function createLabel(state: StandInState, p: Params, request: RestRequest): Reply {
  const name = asObject(request.body)?.name;
  if (typeof name !== "string" || name === "") return validation("name is required");
  return { status: 201, body: { ...state.labelObjects(repoOf(p), [name])[0], ...pick(asObject(request.body), ["color", "description"]) } };
}

// --- checks and commits ---

function createCheckRun(state: StandInState, p: Params, request: RestRequest): Reply {
  const body = asObject(request.body) ?? {};
  if (typeof body.name !== "string" || typeof body.head_sha !== "string") return validation("name and head_sha are required");
  const id = state.newId();
  const full = repoOf(p);
  const conclusion = typeof body.conclusion === "string" ? body.conclusion : null;
  const run = {
    repo: full,
    id,
    node_id: `CR_standin${id}`,
    name: body.name,
    head_sha: body.head_sha,
    external_id: body.external_id ?? null,
    url: `https://api.github.com/repos/${full}/check-runs/${id}`,
    html_url: `https://github.com/${full}/runs/${id}`,
    details_url: body.details_url ?? null,
    status: conclusion !== null ? "completed" : (body.status ?? "queued"),
    conclusion,
    started_at: body.started_at ?? state.now(),
    completed_at: conclusion !== null ? (body.completed_at ?? state.now()) : null,
    output: { title: null, summary: null, text: null, annotations_count: 0, ...asObject(body.output) },
    check_suite: { id: idFrom(`suite:${full}:${body.head_sha}`) },
    app: app(state),
    pull_requests: [],
  };
  state.checkRuns.push(run);
  return { status: 201, body: publicRun(run) };
}

function updateCheckRun(state: StandInState, p: Params, request: RestRequest): Reply {
  const run = state.checkRuns.find((r) => r.id === Number(p.id) && r.repo === repoOf(p));
  if (!run) return NOT_FOUND;
  const body = asObject(request.body) ?? {};
  Object.assign(run, pick(body, ["name", "details_url", "external_id", "status", "conclusion", "completed_at"]));
  if (asObject(body.output)) run.output = { ...asObject(run.output), ...asObject(body.output) };
  if (typeof body.conclusion === "string") {
    run.status = "completed";
    run.completed_at = run.completed_at ?? state.now();
  }
  return { status: 200, body: publicRun(run) };
}

function checkRunById(state: StandInState, p: Params): Reply {
  const run = state.checkRuns.find((r) => r.id === Number(p.id) && r.repo === repoOf(p));
  return run ? { status: 200, body: publicRun(run) } : NOT_FOUND;
}

function listCheckRuns(state: StandInState, p: Params, request: RestRequest): Reply {
  const name = request.query.get("check_name");
  const runs = state.checkRuns
    .filter((r) => r.repo === repoOf(p) && r.head_sha === p.ref && (name === null || r.name === name))
    .reverse()
    .map(publicRun);
  return { status: 200, body: { total_count: runs.length, check_runs: runs } };
}

function publicRun(run: JsonObject): JsonObject {
  const { repo: _repo, ...rest } = run;
  return rest;
}

function getCommit(state: StandInState, p: Params): Reply {
  const full = repoOf(p);
  const sha = /^[0-9a-f]{40}$/.test(p.ref as string) ? (p.ref as string) : state.ref(full, `heads/${p.ref}`);
  const parent = state.parents.get(sha) ?? fakeSha(`parent:${sha}`);
  return {
    status: 200,
    body: {
      sha,
      node_id: `C_standin${sha.slice(0, 8)}`,
      commit: { message: `Commit ${sha.slice(0, 7)}`, tree: { sha: fakeSha(`tree:${sha}`) } },
      parents: [{ sha: parent }],
      html_url: `https://github.com/${full}/commit/${sha}`,
      files: [],
    },
  };
}

function getGitCommit(state: StandInState, p: Params): Reply {
  const sha = p.sha as string;
  return {
    status: 200,
    body: {
      sha,
      node_id: `C_standin${sha.slice(0, 8)}`,
      message: `Commit ${sha.slice(0, 7)}`,
      tree: { sha: fakeSha(`tree:${sha}`) },
      parents: [{ sha: state.parents.get(sha) ?? fakeSha(`parent:${sha}`) }],
    },
  };
}

function createGitCommit(state: StandInState, p: Params, request: RestRequest): Reply {
  const body = asObject(request.body) ?? {};
  if (typeof body.message !== "string" || typeof body.tree !== "string") return validation("message and tree are required");
  const sha = fakeSha(`commit:${JSON.stringify(body)}:${state.newId()}`);
  const parents = Array.isArray(body.parents) ? body.parents.map(String) : [];
  if (parents[0] !== undefined) state.parents.set(sha, parents[0]);
  return {
    status: 201,
    body: {
      sha,
      node_id: `C_standin${sha.slice(0, 8)}`,
      html_url: `https://github.com/${repoOf(p)}/commit/${sha}`,
      message: body.message,
      tree: { sha: body.tree },
      parents: parents.map((parent) => ({ sha: parent })),
    },
  };
}

function updateRef(state: StandInState, p: Params, request: RestRequest): Reply {
  const body = asObject(request.body);
  const sha = body?.sha;
  if (typeof sha !== "string") return validation("sha is required");
  const tip = state.refs.get(`${repoOf(p)}:${p.ref}`);
  if (body?.force !== true && tip !== undefined && !state.descendsFrom(sha, tip)) return validation("Update is not a fast forward");
  state.refs.set(`${repoOf(p)}:${p.ref}`, sha);
  return { status: 200, body: refBody(state, p, sha) };
}

function createRef(state: StandInState, p: Params, request: RestRequest): Reply {
  const body = asObject(request.body) ?? {};
  if (typeof body.ref !== "string" || typeof body.sha !== "string") return validation("ref and sha are required");
  const ref = body.ref.replace(/^refs\//, "");
  state.refs.set(`${repoOf(p)}:${ref}`, body.sha);
  return { status: 201, body: refBody(state, { ...p, ref }, body.sha) };
}

function refBody(state: StandInState, p: Params, sha: string): JsonObject {
  return { ref: `refs/${p.ref}`, node_id: `REF_standin${idFrom(`${repoOf(p)}:${p.ref}`)}`, object: { type: "commit", sha } };
}

function searchIssues(state: StandInState, _p: Params, request: RestRequest): Reply {
  const q = request.query.get("q") ?? "";
  const phrase = /"([^"]*)"/.exec(q)?.[1];
  const repo = /repo:(\S+)/.exec(q)?.[1];
  const items = [...state.issues.entries()]
    .filter(([key]) => repo === undefined || key.startsWith(`${repo}#`))
    .map(([key]) => state.issue(key.slice(0, key.lastIndexOf("#")), Number(key.slice(key.lastIndexOf("#") + 1))))
    .filter((issue) => phrase === undefined || String(issue.title ?? "").includes(phrase))
    .filter((issue) => !/is:open/.test(q) || issue.state === "open");
  return { status: 200, body: { total_count: items.length, incomplete_results: false, items } };
}

// --- helpers ---

function repoOf(p: Params): string {
  return `${p.owner}/${p.repo}`;
}

function threadOf(p: Params): string {
  return threadKey(repoOf(p), Number(p.number));
}

function pick(body: JsonObject | undefined, keys: string[]): JsonObject {
  const picked: JsonObject = {};
  for (const key of keys) if (body?.[key] !== undefined) picked[key] = body[key];
  return picked;
}

function validation(message: string): Reply {
  return { status: 422, body: { message: `Validation Failed: ${message}`, documentation_url: "https://docs.github.com/rest" } };
}
