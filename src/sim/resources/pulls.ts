/**
 * Pull requests.
 *
 * A PR exists when a webhook carried it (`pull_request` of any payload, merged over what was
 * known, or an `issue` with a `pull_request` key), the app opened it (`POST /pulls`, GraphQL
 * `revertPullRequest`); any other number is 404 and an unknown node id a GraphQL NOT_FOUND.
 * Opening a PR needs head and base to be existing branches (422 `invalid` otherwise) and no open
 * PR for the same head and base (422 "A pull request already exists for owner:branch.").
 * `GET /pulls` filters by head (`owner:branch`), base and state. A PR's files are what pushes to
 * its head branch changed, paginated, at most 3,000 (GitHub's documented limit). Draft toggles
 * need pull_requests: write and, as reported for Apps (docs/github-behaviour.md), contents: write.
 * Requested reviewers are the payload's `requested_reviewers`; removing one not requested is 200
 * (nothing changes). `disablePullRequestAutoMerge` clears the payload's `auto_merge`.
 */
import { fakeSha, idFrom } from "../fake-sha.js";
import { asObject, pick, type JsonObject } from "../json-object.js";
import { needs } from "../permission-grant.js";
import type { StandInState } from "../stand-in-state.js";
import { created, missingField, notFound, ok, unprocessable } from "./github-replies.js";
import { threadKey } from "./issues.js";
import { Labels } from "./labels.js";
import { paginate } from "./paginate.js";
import {
  bodyOf,
  repoOf,
  type GraphqlOutcome,
  type GraphqlResolver,
  type Params,
  type Reply,
  type RestRequest,
  type RestRoute,
} from "./resource.js";

/** GitHub lists at most this many files of a pull request. */
export const MAX_PULL_FILES = 3000;

/** The pulls slice of the stand-in. */
export class Pulls {
  readonly items = new Map<string, JsonObject>();

  /** Finds a PR by its GraphQL node id. */
  byNodeId(nodeId: string): { repo: string; pull: JsonObject } | undefined {
    for (const [key, pull] of this.items) {
      if (pull.node_id === nodeId) return { repo: key.slice(0, key.lastIndexOf("#")), pull };
    }
    return undefined;
  }
}

/** Merges a PR a webhook carried (a review payload carries a partial one) over what is known. */
export function rememberPull(state: StandInState, repo: string, pull: JsonObject): void {
  const number = pull.number as number;
  const key = threadKey(repo, number);
  const { labels, ...rest } = structuredClone(pull);
  const merged: JsonObject = { ...defaults(state, repo, number), ...(state.pulls.items.get(key) ?? {}), ...rest };
  state.pulls.items.set(key, merged);
  if (Array.isArray(labels)) state.labels.set(repo, key, Labels.names(labels));
  const head = asObject(merged.head);
  const base = asObject(merged.base);
  if (typeof base?.sha === "string") state.git.learn(repo, base.sha);
  if (typeof head?.sha === "string") {
    state.git.learn(repo, head.sha);
    const headRepo = asObject(head.repo)?.full_name;
    // An open PR's head branch exists, at the head the payload names (a synchronize moves it).
    if (typeof head.ref === "string" && merged.state !== "closed" && (headRepo === undefined || headRepo === repo))
      state.git.refs.set(`${repo}:heads/${head.ref}`, head.sha);
  }
}

/** What GitHub always has on a PR, for payloads that carry only part of one. */
function defaults(state: StandInState, repo: string, number: number): JsonObject {
  return {
    url: `https://api.github.com/repos/${repo}/pulls/${number}`,
    id: idFrom(`pull:${repo}#${number}`),
    node_id: `PR_standin${idFrom(`pull:${repo}#${number}`)}`,
    html_url: `https://github.com/${repo}/pull/${number}`,
    number,
    state: "open",
    locked: false,
    draft: false,
    merged: false,
    merged_at: null,
    body: null,
    base: { ref: state.world.default_branch, sha: state.git.tip(repo, `heads/${state.world.default_branch}`) },
  };
}

/** The PR as GitHub returns it, undefined when there is none. */
export function pullView(state: StandInState, repo: string, number: number): JsonObject | undefined {
  const key = threadKey(repo, number);
  const pull = state.pulls.items.get(key);
  return pull ? { ...pull, labels: state.labels.objects(repo, state.labels.onThread(key)) } : undefined;
}

const DOCS = "https://docs.github.com/rest/pulls/pulls";
const PULLS_WRITE = [needs("pull_requests", "write")];

/** REST routes of pull requests. */
export const pullRoutes: RestRoute[] = [
  { method: "GET", pattern: "/repos/:owner/:repo/pulls", permission: [needs("pull_requests", "read")], answer: listPulls },
  { method: "POST", pattern: "/repos/:owner/:repo/pulls", permission: PULLS_WRITE, answer: createPull },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls/:number",
    permission: [needs("pull_requests", "read")],
    answer: (state, p) => {
      const pull = pullView(state, repoOf(p), Number(p.number));
      return pull ? ok(pull) : notFound(`${DOCS}#get-a-pull-request`);
    },
  },
  { method: "PATCH", pattern: "/repos/:owner/:repo/pulls/:number", permission: PULLS_WRITE, answer: updatePull },
  { method: "GET", pattern: "/repos/:owner/:repo/pulls/:number/files", permission: [needs("pull_requests", "read")], answer: pullFiles },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls/:number/requested_reviewers",
    permission: [needs("pull_requests", "read")],
    answer: listRequestedReviewers,
  },
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/pulls/:number/requested_reviewers",
    permission: PULLS_WRITE,
    answer: removeRequestedReviewers,
  },
];

function listPulls(state: StandInState, p: Params, request: RestRequest): Reply {
  const full = repoOf(p);
  const wantState = request.query.get("state") ?? "open";
  const head = request.query.get("head");
  const base = request.query.get("base");
  const pulls = [...state.pulls.items.keys()]
    .filter((key) => key.startsWith(`${full}#`))
    .map((key) => pullView(state, full, Number(key.slice(full.length + 1))) as JsonObject)
    .sort((a, b) => Number(b.number) - Number(a.number))
    .filter((pull) => wantState === "all" || pull.state === wantState)
    .filter((pull) => head === null || headLabel(full, pull) === (head.includes(":") ? head : `${p.owner}:${head}`))
    .filter((pull) => base === null || asObject(pull.base)?.ref === base);
  return paginate(request, pulls);
}

function headLabel(full: string, pull: JsonObject): string {
  const head = asObject(pull.head);
  if (typeof head?.label === "string") return head.label;
  return `${full.split("/")[0]}:${String(head?.ref)}`;
}

function createPull(state: StandInState, p: Params, request: RestRequest): Reply {
  const full = repoOf(p);
  const body = bodyOf(request);
  if (typeof body.head !== "string") return missingField("PullRequest", "head");
  if (typeof body.base !== "string") return missingField("PullRequest", "base");
  if (typeof body.title !== "string" && body.issue === undefined) return missingField("PullRequest", "title");
  const branch = body.head.includes(":") ? body.head.slice(body.head.indexOf(":") + 1) : body.head;
  const headSha = state.git.tip(full, `heads/${branch}`);
  const baseSha = state.git.tip(full, `heads/${body.base}`);
  if (headSha === undefined)
    return unprocessable(
      "Validation Failed",
      [{ resource: "PullRequest", field: "head", code: "invalid" }],
      `${DOCS}#create-a-pull-request`,
    );
  if (baseSha === undefined)
    return unprocessable(
      "Validation Failed",
      [{ resource: "PullRequest", field: "base", code: "invalid" }],
      `${DOCS}#create-a-pull-request`,
    );
  const label = `${p.owner}:${branch}`;
  const open = [...state.pulls.items.values()].find(
    (pull) => pull.state === "open" && headLabel(full, pull) === label && asObject(pull.base)?.ref === body.base,
  );
  if (open)
    return unprocessable(
      "Validation Failed",
      [{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${label}.` }],
      `${DOCS}#create-a-pull-request`,
    );
  const number = state.nextNumber(full);
  rememberPull(state, full, {
    number,
    title: body.title ?? null,
    body: body.body ?? null,
    draft: body.draft === true,
    user: state.people.account(state.world.app),
    head: { ref: branch, sha: headSha, label },
    base: { ref: body.base, sha: baseSha, label: `${p.owner}:${body.base}` },
    created_at: state.now(),
  });
  return created(pullView(state, full, number));
}

function updatePull(state: StandInState, p: Params, request: RestRequest): Reply {
  const full = repoOf(p);
  const key = threadKey(full, Number(p.number));
  const pull = state.pulls.items.get(key);
  if (!pull) return notFound(`${DOCS}#update-a-pull-request`);
  const changes = pick(bodyOf(request), ["title", "body", "state", "base", "maintainer_can_modify"]);
  if (changes.state === "open" && pull.merged === true) {
    return unprocessable("Validation Failed", [
      { resource: "PullRequest", code: "custom", field: "state", message: "state cannot be changed. The pull request has been merged." },
    ]);
  }
  if (typeof changes.base === "string") {
    const sha = state.git.tip(full, `heads/${changes.base}`);
    if (sha === undefined) return unprocessable("Validation Failed", [{ resource: "PullRequest", field: "base", code: "invalid" }]);
    changes.base = { ...asObject(pull.base), ref: changes.base, sha };
  }
  if (changes.state === "closed" && pull.state !== "closed") changes.closed_at = state.now();
  if (changes.state === "open") changes.closed_at = null;
  Object.assign(pull, changes);
  return ok(pullView(state, full, Number(p.number)));
}

/** A PR changes what pushes to its head branch changed (the stand-in knows nothing else). */
function pullFiles(state: StandInState, p: Params, request: RestRequest): Reply {
  const full = repoOf(p);
  const pull = state.pulls.items.get(threadKey(full, Number(p.number)));
  if (!pull) return notFound(`${DOCS}#list-pull-requests-files`);
  const head = asObject(pull.head)?.ref;
  const paths = typeof head === "string" ? [...(state.git.branchPaths.get(`${full}:heads/${head}`) ?? [])] : [];
  const files = paths.map((filename) => ({
    sha: fakeSha(`file:${filename}`),
    filename,
    status: "modified",
    additions: 1,
    deletions: 1,
    changes: 2,
  }));
  return paginate(request, files, { cap: MAX_PULL_FILES });
}

/** GitHub's answer to a node id it cannot resolve. */
export function unresolvedNode(id: unknown): GraphqlOutcome {
  return { error: { type: "NOT_FOUND", message: `Could not resolve to a node with the global id of '${String(id)}'` } };
}

function draftToggle(name: string, isDraft: boolean): GraphqlResolver {
  return {
    name,
    permission: [needs("pull_requests", "write"), needs("contents", "write")],
    resolve: (state, args) => {
      const found = state.pulls.byNodeId(String(args.pullRequestId));
      if (!found) return unresolvedNode(args.pullRequestId);
      found.pull.draft = isDraft;
      return { data: { pullRequest: { id: found.pull.node_id, number: found.pull.number, isDraft } } };
    },
  };
}

function openToggle(name: string, open: boolean): GraphqlResolver {
  return {
    name,
    permission: PULLS_WRITE,
    resolve: (state, args) => {
      const found = state.pulls.byNodeId(String(args.pullRequestId));
      if (!found) return unresolvedNode(args.pullRequestId);
      found.pull.state = open ? "open" : "closed";
      return { data: { pullRequest: { id: found.pull.node_id, state: open ? "OPEN" : "CLOSED" } } };
    },
  };
}

function listRequestedReviewers(state: StandInState, p: Params): Reply {
  const pull = state.pulls.items.get(threadKey(repoOf(p), Number(p.number)));
  if (!pull) return notFound(`${DOCS}#get-all-requested-reviewers-for-a-pull-request`);
  return ok({
    users: Array.isArray(pull.requested_reviewers) ? pull.requested_reviewers : [],
    teams: Array.isArray(pull.requested_teams) ? pull.requested_teams : [],
  });
}

function removeRequestedReviewers(state: StandInState, p: Params, request: RestRequest): Reply {
  const pull = state.pulls.items.get(threadKey(repoOf(p), Number(p.number)));
  if (!pull) return notFound(`${DOCS}#remove-requested-reviewers-from-a-pull-request`);
  const reviewers = bodyOf(request).reviewers;
  if (!Array.isArray(reviewers)) return missingField("PullRequest", "reviewers");
  const gone = new Set(reviewers.map((login) => String(login).toLowerCase()));
  const requested = Array.isArray(pull.requested_reviewers) ? pull.requested_reviewers : [];
  pull.requested_reviewers = requested.filter((user) => !gone.has(String(asObject(user)?.login ?? "").toLowerCase()));
  return ok(pullView(state, repoOf(p), Number(p.number)));
}

/** GraphQL fields of pull requests. */
export const pullFields: GraphqlResolver[] = [
  {
    name: "disablePullRequestAutoMerge",
    permission: PULLS_WRITE,
    resolve: (state, args) => {
      const found = state.pulls.byNodeId(String(args.pullRequestId));
      if (!found) return unresolvedNode(args.pullRequestId);
      found.pull.auto_merge = null;
      return { data: { pullRequest: { id: found.pull.node_id, autoMergeRequest: null } } };
    },
  },
  draftToggle("convertPullRequestToDraft", true),
  draftToggle("markPullRequestReadyForReview", false),
  openToggle("closePullRequest", false),
  openToggle("reopenPullRequest", true),
  {
    name: "revertPullRequest",
    // It pushes a revert branch and opens a PR from it.
    permission: [needs("contents", "write"), needs("pull_requests", "write")],
    resolve: (state, args) => {
      const found = state.pulls.byNodeId(String(args.pullRequestId));
      if (!found) return unresolvedNode(args.pullRequestId);
      if (found.pull.merged !== true) return { error: { type: "UNPROCESSABLE", message: "Pull request is not merged" } };
      const repo = found.repo;
      const number = state.nextNumber(repo);
      const branch = `revert-${String(found.pull.number)}-${String(asObject(found.pull.head)?.ref ?? "branch")}`;
      const base = String(asObject(found.pull.base)?.ref ?? state.world.default_branch);
      const sha = state.git.commitOnBranch(repo, branch, [], `revert:${String(found.pull.number)}`);
      rememberPull(state, repo, {
        number,
        // GitHub's defaults, unless the mutation's input names its own.
        title: typeof args.title === "string" ? args.title : `Revert "${String(found.pull.title ?? "pull request")}"`,
        body: typeof args.body === "string" ? args.body : `Reverts ${repo}#${String(found.pull.number)}`,
        user: state.people.account(state.world.app),
        head: { ref: branch, sha, label: `${repo.split("/")[0]}:${branch}` },
        base: { ref: base, sha: state.git.tip(repo, `heads/${base}`) },
        created_at: state.now(),
      });
      const revert = state.pulls.items.get(threadKey(repo, number)) as JsonObject;
      return { data: { pullRequest: { id: found.pull.node_id }, revertPullRequest: { id: revert.node_id, number, url: revert.html_url } } };
    },
  },
];
