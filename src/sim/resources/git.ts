/**
 * Git data: branches and tags (refs), commits and their trees, and what pushes changed.
 *
 * A commit is known when a push announced it (`before`, `after`, `commits[].id`, `head_commit`),
 * a PR payload names it as head or base, a `files` step or the app created it, or it is the
 * world's initial default-branch tip; anything else is 404 (`git/commits`) or GitHub's 422 "No
 * commit found for SHA" (`commits/{ref}`, check runs). Every branch a push, a PR head or a
 * `create` webhook named exists; the default branch always does. Updating a ref in
 * `world.protected_branches` is 422 "Protected branch update failed", deleting one 422 "Cannot
 * delete a protected branch" (GitHub's wording, developer.github.com changes 2015-09-03); a
 * non-fast-forward update without `force` is 422 "Update is not a fast forward". A ref update
 * whose new commits change `.github/workflows/` needs the `workflows` permission.
 */
import { fakeSha } from "../fake-sha.js";
import { asObject, type JsonObject } from "../json-object.js";
import { needs, type Grant } from "../permission-grant.js";
import type { World } from "../scenario.js";
import type { StandInState } from "../stand-in-state.js";
import { NO_CONTENT, created, missingField, notFound, ok, unprocessable } from "./github-replies.js";
import { bodyOf, repoOf, type Params, type RestRequest, type RestRoute } from "./resource.js";

/** A commit the stand-in knows. */
export interface StoredCommit {
  sha: string;
  repo: string;
  tree: string;
  parent?: string;
  /** Paths this commit changed against its parent, as far as the stand-in knows. */
  paths: string[];
  message: string;
}

const NULL_SHA = /^0{40}$/;
const WORKFLOWS = /^\.github\/workflows\//;

/** The git slice of the stand-in. */
export class GitData {
  /** `owner/name:heads/main` → sha. */
  readonly refs = new Map<string, string>();
  readonly commits = new Map<string, StoredCommit>();
  /** `owner/name:heads/branch` → paths changed by pushes to it (what a PR from that branch changes). */
  readonly branchPaths = new Map<string, Set<string>>();
  /**
   * Tree sha → the repository's files in it, for the commits whose contents the stand-in knows
   * (the world's initial tip and every `files` step): what `contents?ref=` reads, and what a ref
   * update to a commit carrying that tree (a revert) puts back on the default branch.
   */
  readonly trees = new Map<string, Record<string, string>>();

  constructor(world: World) {
    const repo = `${world.owner}/${world.repo}`;
    const tip = fakeSha(`${repo}:heads/${world.default_branch}`);
    this.learn(repo, tip);
    this.refs.set(`${repo}:heads/${world.default_branch}`, tip);
  }

  /** Makes a commit known (a sha a webhook named); its parent and paths are filled in when known. */
  learn(repo: string, sha: string, parent?: string, paths: string[] = []): void {
    if (NULL_SHA.test(sha)) return;
    const known = this.commits.get(sha);
    if (known) {
      if (parent !== undefined && known.parent === undefined) known.parent = parent;
      if (paths.length > 0 && known.paths.length === 0) known.paths = paths;
      return;
    }
    this.commits.set(sha, {
      sha,
      repo,
      tree: fakeSha(`tree:${sha}`),
      ...(parent !== undefined && !NULL_SHA.test(parent) ? { parent } : {}),
      paths,
      message: `Commit ${sha.slice(0, 7)}`,
    });
  }

  /** Remembers the files of a repository at a known commit (see `trees`). */
  snapshot(sha: string, files: Record<string, string>): void {
    const commit = this.commits.get(sha);
    if (commit) this.trees.set(commit.tree, { ...files });
  }

  /** The files at a commit, undefined when the stand-in does not know its contents. */
  filesAt(sha: string): Record<string, string> | undefined {
    const commit = this.commits.get(sha);
    return commit === undefined ? undefined : this.trees.get(commit.tree);
  }

  /** The tip of `heads/x` or `tags/x`, undefined when there is no such ref. */
  tip(repo: string, ref: string): string | undefined {
    return this.refs.get(`${repo}:${ref}`);
  }

  /** A sha or a branch name resolved to a known commit. */
  resolve(repo: string, ref: string): string | undefined {
    if (this.commits.has(ref)) return ref;
    return this.tip(repo, `heads/${ref}`) ?? this.tip(repo, `tags/${ref}`) ?? this.tip(repo, ref.replace(/^refs\//, ""));
  }

  /** Whether `ancestor` is `sha` or one of its first-parent ancestors, as far as the stand-in knows. */
  descendsFrom(sha: string, ancestor: string): boolean {
    return this.pathsBetween(ancestor, sha) !== undefined;
  }

  /** Paths changed from `ancestor` to `sha` along first parents; undefined when `ancestor` is not one. */
  pathsBetween(ancestor: string, sha: string): string[] | undefined {
    const paths: string[] = [];
    let current: string | undefined = sha;
    for (let steps = 0; current !== undefined && steps < 10_000; steps++) {
      if (current === ancestor) return paths;
      const commit = this.commits.get(current);
      paths.push(...(commit?.paths ?? []));
      current = commit?.parent;
    }
    return undefined;
  }

  /** Records a push: the branch moves (or goes), its commits become known, its paths count for PRs from it. */
  observePush(repo: string, payload: JsonObject): void {
    if (typeof payload.ref !== "string" || typeof payload.after !== "string") return;
    const ref = payload.ref.replace(/^refs\//, "");
    const before = typeof payload.before === "string" ? payload.before : undefined;
    if (before !== undefined) this.learn(repo, before);
    const commits = (Array.isArray(payload.commits) ? payload.commits : []).map(asObject).filter((c): c is JsonObject => c !== undefined);
    const pathsOf = (commit: JsonObject) =>
      ["added", "modified", "removed"].flatMap((field) =>
        Array.isArray(commit[field]) ? (commit[field] as unknown[]).filter((p): p is string => typeof p === "string") : [],
      );
    let parent = before;
    for (const commit of commits) {
      const id = typeof commit.id === "string" ? commit.id : undefined;
      if (id === undefined) continue;
      this.learn(repo, id, parent, pathsOf(commit));
      parent = id;
    }
    const head = asObject(payload.head_commit);
    if (typeof head?.id === "string") this.learn(repo, head.id);
    if (NULL_SHA.test(payload.after)) {
      this.refs.delete(`${repo}:${ref}`);
      return;
    }
    // A push whose commits list does not end at `after` (a force push, or more than 2,048 commits) still moves the ref.
    this.learn(repo, payload.after, parent === payload.after ? undefined : parent);
    this.refs.set(`${repo}:${ref}`, payload.after);
    const paths = this.branchPaths.get(`${repo}:${ref}`) ?? new Set<string>();
    for (const commit of commits) for (const path of pathsOf(commit)) paths.add(path);
    this.branchPaths.set(`${repo}:${ref}`, paths);
  }

  /** A commit on top of `heads/branch` changing `paths` (a scenario's `files` step); the branch moves to it. */
  commitOnBranch(repo: string, branch: string, paths: string[], seed: string): string {
    const parent = this.tip(repo, `heads/${branch}`);
    const sha = fakeSha(`files:${repo}:${branch}:${parent ?? ""}:${seed}`);
    this.learn(repo, sha, parent, paths);
    this.refs.set(`${repo}:heads/${branch}`, sha);
    return sha;
  }
}

const CONTENTS_WRITE: Grant[] = [needs("contents", "write")];
const CONTENTS_READ: Grant[] = [needs("contents", "read")];
const DOCS = "https://docs.github.com/rest/git/refs";

/** REST routes of git data and commits. */
export const gitRoutes: RestRoute[] = [
  { method: "GET", pattern: "/repos/:owner/:repo/git/ref/*ref", permission: CONTENTS_READ, answer: getRef },
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/git/refs/*ref",
    permission: (context) => [...CONTENTS_WRITE, ...(context.touchesWorkflows ? [needs("workflows", "write")] : [])],
    context: (state, p, request) => {
      const workflowPath = refUpdatePaths(state, p, request).find((path) => WORKFLOWS.test(path));
      return workflowPath === undefined ? {} : { touchesWorkflows: true, workflowPath };
    },
    answer: updateRef,
  },
  { method: "DELETE", pattern: "/repos/:owner/:repo/git/refs/*ref", permission: CONTENTS_WRITE, answer: deleteRef },
  { method: "POST", pattern: "/repos/:owner/:repo/git/refs", permission: CONTENTS_WRITE, answer: createRef },
  { method: "GET", pattern: "/repos/:owner/:repo/git/commits/:sha", permission: CONTENTS_READ, answer: getGitCommit },
  { method: "POST", pattern: "/repos/:owner/:repo/git/commits", permission: CONTENTS_WRITE, answer: createGitCommit },
  { method: "GET", pattern: "/repos/:owner/:repo/commits/:ref", permission: CONTENTS_READ, answer: getCommit },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/statuses/:sha",
    permission: [needs("statuses", "write")],
    answer: (state, p, request) =>
      state.git.commits.has(p.sha as string)
        ? created({ id: state.newId(), sha: p.sha, ...bodyOf(request), created_at: state.now() })
        : unprocessable(`No commit found for SHA: ${p.sha}`),
  },
];

function refBody(p: Params, ref: string, sha: string): JsonObject {
  return {
    ref: `refs/${ref}`,
    node_id: `REF_standin${fakeSha(`${repoOf(p)}:${ref}`).slice(0, 10)}`,
    url: `https://api.github.com/repos/${repoOf(p)}/git/refs/${ref}`,
    object: { type: "commit", sha },
  };
}

function getRef(state: StandInState, p: Params): ReturnType<RestRoute["answer"]> {
  const ref = (p.ref as string).replace(/^refs\//, "");
  const sha = state.git.tip(repoOf(p), ref);
  return sha === undefined ? notFound(DOCS) : ok(refBody(p, ref, sha));
}

/** The branch name of `heads/x`, when the ref is a branch. */
function branchOf(ref: string): string | undefined {
  return ref.startsWith("heads/") ? ref.slice("heads/".length) : undefined;
}

function isProtected(state: StandInState, ref: string): boolean {
  const branch = branchOf(ref);
  return branch !== undefined && (state.world.protected_branches ?? []).includes(branch);
}

/** What a ref update would change: the paths between the new commit and the current tip. */
function refUpdatePaths(state: StandInState, p: Params, request: RestRequest): string[] {
  const sha = bodyOf(request).sha;
  const tip = state.git.tip(repoOf(p), (p.ref as string).replace(/^refs\//, ""));
  if (typeof sha !== "string" || tip === undefined) return [];
  return state.git.pathsBetween(tip, sha) ?? [];
}

function updateRef(state: StandInState, p: Params, request: RestRequest): ReturnType<RestRoute["answer"]> {
  const ref = (p.ref as string).replace(/^refs\//, "");
  const body = bodyOf(request);
  if (typeof body.sha !== "string") return missingField("Reference", "sha");
  const tip = state.git.tip(repoOf(p), ref);
  if (tip === undefined) return unprocessable("Reference does not exist", undefined, DOCS);
  if (!state.git.commits.has(body.sha)) return unprocessable("Object does not exist", undefined, DOCS);
  if (isProtected(state, ref)) return unprocessable(`Protected branch update failed for refs/${ref}.`, undefined, DOCS);
  if (body.force !== true && !state.git.descendsFrom(body.sha, tip)) return unprocessable("Update is not a fast forward", undefined, DOCS);
  state.git.refs.set(`${repoOf(p)}:${ref}`, body.sha);
  // The default branch now holds that commit's files, when the stand-in knows them (a revert).
  const files = state.git.filesAt(body.sha);
  if (files !== undefined && ref === `heads/${state.defaultBranchOf(repoOf(p))}`) state.repositories.replaceFiles(repoOf(p), files);
  return ok(refBody(p, ref, body.sha));
}

function deleteRef(state: StandInState, p: Params): ReturnType<RestRoute["answer"]> {
  const ref = (p.ref as string).replace(/^refs\//, "");
  if (state.git.tip(repoOf(p), ref) === undefined) return unprocessable("Reference does not exist", undefined, DOCS);
  if (isProtected(state, ref)) return unprocessable("Cannot delete a protected branch", undefined, DOCS);
  state.git.refs.delete(`${repoOf(p)}:${ref}`);
  return NO_CONTENT;
}

function createRef(state: StandInState, p: Params, request: RestRequest): ReturnType<RestRoute["answer"]> {
  const body = bodyOf(request);
  if (typeof body.ref !== "string") return missingField("Reference", "ref");
  if (typeof body.sha !== "string") return missingField("Reference", "sha");
  if (!/^refs\/[^/]+\/.+/.test(body.ref))
    return unprocessable("Reference name must start with 'refs/' and have at least two slashes.", undefined, DOCS);
  const ref = body.ref.slice("refs/".length);
  if (state.git.tip(repoOf(p), ref) !== undefined) return unprocessable("Reference already exists", undefined, DOCS);
  if (!state.git.commits.has(body.sha)) return unprocessable("Object does not exist", undefined, DOCS);
  state.git.refs.set(`${repoOf(p)}:${ref}`, body.sha);
  return created(refBody(p, ref, body.sha));
}

function gitCommitBody(p: Params, commit: StoredCommit): JsonObject {
  return {
    sha: commit.sha,
    node_id: `C_standin${commit.sha.slice(0, 10)}`,
    url: `https://api.github.com/repos/${repoOf(p)}/git/commits/${commit.sha}`,
    html_url: `https://github.com/${repoOf(p)}/commit/${commit.sha}`,
    message: commit.message,
    tree: { sha: commit.tree, url: `https://api.github.com/repos/${repoOf(p)}/git/trees/${commit.tree}` },
    parents: commit.parent === undefined ? [] : [{ sha: commit.parent }],
  };
}

function getGitCommit(state: StandInState, p: Params): ReturnType<RestRoute["answer"]> {
  const commit = state.git.commits.get(p.sha as string);
  return commit ? ok(gitCommitBody(p, commit)) : notFound("https://docs.github.com/rest/git/commits#get-a-commit-object");
}

function createGitCommit(state: StandInState, p: Params, request: RestRequest): ReturnType<RestRoute["answer"]> {
  const body = bodyOf(request);
  if (typeof body.message !== "string") return missingField("Commit", "message");
  if (typeof body.tree !== "string") return missingField("Commit", "tree");
  const trees = new Map([...state.git.commits.values()].map((c) => [c.tree, c]));
  const source = trees.get(body.tree);
  if (!source) return unprocessable("Tree SHA does not exist", undefined, "https://docs.github.com/rest/git/commits#create-a-commit");
  const parents = Array.isArray(body.parents) ? body.parents.map(String) : [];
  const unknownParent = parents.find((sha) => !state.git.commits.has(sha));
  if (unknownParent !== undefined)
    return unprocessable(
      "Parent SHA does not exist or is not a commit object",
      undefined,
      "https://docs.github.com/rest/git/commits#create-a-commit",
    );
  const sha = fakeSha(`commit:${repoOf(p)}:${body.tree}:${parents.join(",")}:${body.message}:${state.newId()}`);
  // The new commit carries `source`'s tree: against its parent it changes what lies between the two.
  const parent = parents[0];
  const paths =
    parent === undefined ? [] : (state.git.pathsBetween(source.sha, parent) ?? state.git.pathsBetween(parent, source.sha) ?? []);
  state.git.commits.set(sha, {
    sha,
    repo: repoOf(p),
    tree: body.tree,
    ...(parent !== undefined ? { parent } : {}),
    paths,
    message: body.message,
  });
  return created(gitCommitBody(p, state.git.commits.get(sha) as StoredCommit));
}

function getCommit(state: StandInState, p: Params): ReturnType<RestRoute["answer"]> {
  const sha = state.git.resolve(repoOf(p), p.ref as string);
  const commit = sha === undefined ? undefined : state.git.commits.get(sha);
  // GitHub answers 422, not 404, for a ref or sha that names no commit.
  if (!commit)
    return unprocessable(`No commit found for SHA: ${p.ref}`, undefined, "https://docs.github.com/rest/commits/commits#get-a-commit");
  return ok({
    sha: commit.sha,
    node_id: `C_standin${commit.sha.slice(0, 10)}`,
    commit: { message: commit.message, tree: { sha: commit.tree } },
    parents: commit.parent === undefined ? [] : [{ sha: commit.parent }],
    html_url: `https://github.com/${repoOf(p)}/commit/${commit.sha}`,
    files: commit.paths.map((filename) => ({ filename, status: "modified", additions: 1, deletions: 1, changes: 2 })),
  });
}
