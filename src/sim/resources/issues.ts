/**
 * Issues, and the issue view GitHub gives every pull request (same number, `pull_request` key).
 *
 * Issues, PRs and discussions share one number sequence per repository (`StandInState.nextNumber`).
 * An issue exists when a webhook carried it (`issue` of an `issues` or `issue_comment` payload) or
 * the app opened it; `GET`/`PATCH /issues/{n}` of any other number — a discussion's included — is
 * 404. The list (`GET /repos/{o}/{r}/issues`) includes PRs, as GitHub's does, filters by state,
 * labels, creator and assignee, and is paginated. Writing to a PR's issue view needs
 * pull_requests: write, to an issue issues: write.
 */
import { idFrom } from "../fake-sha.js";
import { asObject, pick, type JsonObject } from "../json-object.js";
import { needs, threadScope } from "../permission-grant.js";
import type { StandInState } from "../stand-in-state.js";
import { created, missingField, notFound, ok, unprocessable } from "./github-replies.js";
import { paginate } from "./paginate.js";
import { bodyOf, repoOf, type Params, type Reply, type RestRequest, type RestRoute } from "./resource.js";

/** `owner/name#number`. */
export function threadKey(repo: string, number: number): string {
  return `${repo}#${number}`;
}

/** The issues slice of the stand-in: issues proper (a PR's issue view is built from the PR). */
export class Issues {
  readonly items = new Map<string, JsonObject>();

  /** Merges an issue a webhook carried over what is known. */
  remember(repo: string, issue: JsonObject): void {
    const key = threadKey(repo, issue.number as number);
    const { labels: _labels, ...rest } = structuredClone(issue);
    this.items.set(key, { ...(this.items.get(key) ?? {}), ...rest });
  }
}

/** The issue as GitHub returns it, a PR's issue view included; undefined when there is none. */
export function issueView(state: StandInState, repo: string, number: number): JsonObject | undefined {
  const key = threadKey(repo, number);
  const pull = state.pulls.items.get(key);
  const known = state.issues.items.get(key);
  if (!known && !pull) return undefined;
  const base: JsonObject = known ?? {
    url: `https://api.github.com/repos/${repo}/issues/${number}`,
    id: idFrom(`issue:${repo}#${number}`),
    node_id: `I_standin${idFrom(`issue:${repo}#${number}`)}`,
    html_url: pull?.html_url,
    number,
    title: pull?.title,
    user: pull?.user,
    body: pull?.body ?? null,
    assignees: pull?.assignees ?? [],
  };
  return {
    ...base,
    ...(pull
      ? { state: pull.state, pull_request: { url: `https://api.github.com/repos/${repo}/pulls/${number}`, html_url: pull.html_url } }
      : {}),
    labels: state.labels.objects(repo, state.labels.onThread(key)),
  };
}

/** Issue routes' thread permission: issues, or pull_requests for a PR's issue view. */
function threadWrite() {
  return {
    permission: (context: { subject?: "issue" | "pull_request" | "discussion" }) => [needs(threadScope(context), "write")],
    context: (state: StandInState, p: Params) => ({ subject: state.threadKind(repoOf(p), Number(p.number)) ?? "issue" }),
  };
}

/** REST routes of issues. */
export const issueRoutes: RestRoute[] = [
  { method: "GET", pattern: "/repos/:owner/:repo/issues", permission: [needs("issues", "read")], answer: listIssues },
  { method: "POST", pattern: "/repos/:owner/:repo/issues", permission: [needs("issues", "write")], answer: createIssue },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:number",
    permission: [needs("issues", "read")],
    answer: (state, p) => {
      const issue = issueView(state, repoOf(p), Number(p.number));
      return issue ? ok(issue) : notFound("https://docs.github.com/rest/issues/issues#get-an-issue");
    },
  },
  { method: "PATCH", pattern: "/repos/:owner/:repo/issues/:number", ...threadWrite(), answer: updateIssue },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/issues/:number/assignees",
    ...threadWrite(),
    answer: (s, p, r) => assign(s, p, r, "add"),
  },
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/issues/:number/assignees",
    ...threadWrite(),
    answer: (s, p, r) => assign(s, p, r, "remove"),
  },
  { method: "GET", pattern: "/search/issues", permission: [], answer: searchIssues },
];

/** Every issue and PR of the repository as issue views, by number. */
function allViews(state: StandInState, full: string): JsonObject[] {
  const numbers = new Set<number>();
  for (const key of [...state.issues.items.keys(), ...state.pulls.items.keys()]) {
    if (key.startsWith(`${full}#`)) numbers.add(Number(key.slice(full.length + 1)));
  }
  return [...numbers]
    .sort((a, b) => b - a)
    .map((n) => issueView(state, full, n))
    .filter((issue): issue is JsonObject => issue !== undefined);
}

function listIssues(state: StandInState, p: Params, request: RestRequest): Reply {
  const wantState = request.query.get("state") ?? "open";
  const wantLabels = (request.query.get("labels") ?? "").split(",").filter((l) => l !== "");
  const creator = request.query.get("creator");
  const assignee = request.query.get("assignee");
  const issues = allViews(state, repoOf(p))
    .filter((issue) => wantState === "all" || (issue.state ?? "open") === wantState)
    .filter((issue) => creator === null || asObject(issue.user)?.login === creator)
    .filter(
      (issue) =>
        assignee === null || (Array.isArray(issue.assignees) && (issue.assignees as JsonObject[]).some((a) => a.login === assignee)),
    )
    .filter((issue) => wantLabels.every((label) => (issue.labels as JsonObject[]).some((l) => l.name === label)));
  return paginate(request, issues);
}

function createIssue(state: StandInState, p: Params, request: RestRequest): Reply {
  const full = repoOf(p);
  const body = bodyOf(request);
  if (typeof body.title !== "string" || body.title === "") return missingField("Issue", "title");
  // GitHub refuses the whole issue when an assignee cannot be assigned (no access to the repository).
  const unassignable = (Array.isArray(body.assignees) ? body.assignees.map(String) : []).find(
    (login) => state.people.role(login) === "none",
  );
  if (unassignable !== undefined) {
    return unprocessable(
      "Validation Failed",
      [{ value: unassignable, resource: "Issue", field: "assignees", code: "invalid" }],
      "https://docs.github.com/rest/issues/issues#create-an-issue",
    );
  }
  const number = state.nextNumber(full);
  state.issues.items.set(threadKey(full, number), {
    url: `https://api.github.com/repos/${full}/issues/${number}`,
    id: idFrom(`issue:${full}#${number}`),
    node_id: `I_standin${idFrom(`issue:${full}#${number}`)}`,
    html_url: `https://github.com/${full}/issues/${number}`,
    number,
    state: "open",
    title: body.title,
    body: body.body ?? null,
    user: state.people.account(state.world.app),
    assignees: Array.isArray(body.assignees) ? body.assignees.map((login) => state.people.account(String(login))) : [],
    created_at: state.now(),
  });
  // GitHub creates a label that does not exist yet when an issue is opened with it.
  state.labels.set(full, threadKey(full, number), Array.isArray(body.labels) ? body.labels.map(String) : []);
  return created(issueView(state, full, number));
}

function updateIssue(state: StandInState, p: Params, request: RestRequest): Reply {
  const full = repoOf(p);
  const number = Number(p.number);
  const key = threadKey(full, number);
  if (!issueView(state, full, number)) return notFound("https://docs.github.com/rest/issues/issues#update-an-issue");
  const body = bodyOf(request);
  const changes = pick(body, ["title", "body", "state", "state_reason"]);
  const pull = state.pulls.items.get(key);
  if (pull) Object.assign(pull, pick(changes, ["title", "body", "state"]));
  else
    state.issues.items.set(key, {
      ...state.issues.items.get(key),
      ...changes,
      ...(changes.state === "closed" ? { closed_at: state.now() } : {}),
    });
  if (Array.isArray(body.labels)) state.labels.set(full, key, body.labels.map(String));
  return ok(issueView(state, full, number));
}

function assign(state: StandInState, p: Params, request: RestRequest, mode: "add" | "remove"): Reply {
  const full = repoOf(p);
  const key = threadKey(full, Number(p.number));
  const target = state.pulls.items.get(key) ?? state.issues.items.get(key);
  if (!target) return notFound("https://docs.github.com/rest/issues/assignees");
  const logins = (Array.isArray(bodyOf(request).assignees) ? (bodyOf(request).assignees as unknown[]) : []).map(String);
  const current = (Array.isArray(target.assignees) ? (target.assignees as JsonObject[]) : []).filter(
    (a) => !logins.includes(String(a.login)),
  );
  // GitHub silently ignores logins that cannot be assigned (not collaborators) when adding.
  const added =
    mode === "add" ? logins.filter((login) => state.people.role(login) !== "none").map((login) => state.people.account(login)) : [];
  target.assignees = [...current, ...added];
  const view = issueView(state, full, Number(p.number));
  return mode === "add" ? created(view) : ok(view);
}

function searchIssues(state: StandInState, _p: Params, request: RestRequest): Reply {
  const q = request.query.get("q") ?? "";
  const phrase = /"([^"]*)"/.exec(q)?.[1];
  const repo = /repo:(\S+)/.exec(q)?.[1];
  const repos = new Set([...state.issues.items.keys(), ...state.pulls.items.keys()].map((key) => key.slice(0, key.lastIndexOf("#"))));
  const items = [...repos]
    .filter((full) => repo === undefined || full === repo)
    .flatMap((full) => allViews(state, full))
    .filter((issue) => phrase === undefined || String(issue.title ?? "").includes(phrase))
    .filter((issue) => !/is:open/.test(q) || issue.state === "open")
    .filter((issue) => !/is:issue/.test(q) || issue.pull_request === undefined);
  const page = paginate(request, items);
  return { ...page, body: { total_count: items.length, incomplete_results: false, items: page.body } };
}
