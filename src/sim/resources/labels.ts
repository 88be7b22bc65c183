/**
 * Labels: the repository's labels and those on each issue or PR.
 *
 * A repository label exists when a webhook showed it (on an issue or PR, or as the `label` of a
 * labeled event), the app created it, or it was put on a thread — GitHub creates a missing label
 * when one is added to an issue. `GET /labels/{name}` of any other name is 404, creating an
 * existing one 422 `already_exists`; removing a label a thread does not carry is 404 "Label does
 * not exist"; every thread route is 404 for a number that is no issue or PR. Writing labels
 * needs issues: write on an issue, pull_requests: write on a PR.
 */
import { idFrom } from "../fake-sha.js";
import { asObject, pick, type JsonObject } from "../json-object.js";
import { needs, threadScope, type PermissionContext } from "../permission-grant.js";
import type { StandInState } from "../stand-in-state.js";
import { NO_CONTENT, created, missingField, notFound, ok, unprocessable } from "./github-replies.js";
import { threadKey } from "./issues.js";
import { paginate } from "./paginate.js";
import { bodyOf, repoOf, type Params, type Reply, type RestRequest, type RestRoute } from "./resource.js";

/** The labels slice of the stand-in. */
export class Labels {
  /** Thread key → label names (issues and PRs share numbers, as on GitHub). */
  private readonly threads = new Map<string, string[]>();
  /** `owner/name` → label name → its color and description. */
  private readonly repos = new Map<string, Map<string, JsonObject>>();

  /** Names on a thread. */
  onThread(key: string): string[] {
    return this.threads.get(key) ?? [];
  }

  /** Replaces a thread's labels, creating repository labels as GitHub does. */
  set(repo: string, key: string, names: string[]): void {
    for (const name of names) this.define(repo, name);
    this.threads.set(key, [...new Set(names)]);
  }

  /** Whether the repository has the label. */
  exists(repo: string, name: string): boolean {
    return this.repos.get(repo)?.has(name) ?? false;
  }

  /** Adds a repository label (no-op when it exists). */
  define(repo: string, name: string, fields: JsonObject = {}): void {
    const labels = this.repos.get(repo) ?? new Map<string, JsonObject>();
    if (!labels.has(name)) labels.set(name, { color: "ededed", description: null, ...fields });
    this.repos.set(repo, labels);
  }

  /** Label names from a payload's `labels` array (objects or strings). */
  static names(labels: unknown[]): string[] {
    return labels
      .map((label) => (typeof label === "string" ? label : asObject(label)?.name))
      .filter((name): name is string => typeof name === "string");
  }

  /** Label objects shaped like GitHub's. */
  objects(repo: string, names: string[]): JsonObject[] {
    return names.map((name) => {
      const id = idFrom(`label:${repo}:${name}`);
      const fields = this.repos.get(repo)?.get(name) ?? {};
      return {
        id,
        node_id: `LA_standin${id}`,
        url: `https://api.github.com/repos/${repo}/labels/${encodeURIComponent(name)}`,
        name,
        color: fields.color ?? "ededed",
        default: false,
        description: fields.description ?? null,
      };
    });
  }

  /** All labels of a repository. */
  all(repo: string): string[] {
    return [...(this.repos.get(repo)?.keys() ?? [])];
  }
}

const threadWrite = {
  permission: (context: PermissionContext) => [needs(threadScope(context), "write")],
  context: (state: StandInState, p: Params) => ({ subject: state.threadKind(repoOf(p), Number(p.number)) ?? "issue" }),
};

const DOCS = "https://docs.github.com/rest/issues/labels";

/** Wraps a thread route: 404 when the number is no issue or PR (a discussion's number included). */
function onThread(answer: (state: StandInState, p: Params, request: RestRequest, key: string) => Reply): RestRoute["answer"] {
  return (state, p, request) => {
    const kind = state.threadKind(repoOf(p), Number(p.number));
    if (kind !== "issue" && kind !== "pull_request") return notFound(DOCS);
    return answer(state, p, request, threadKey(repoOf(p), Number(p.number)));
  };
}

/** REST routes of labels. */
export const labelRoutes: RestRoute[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:number/labels",
    permission: [needs("issues", "read")],
    answer: onThread((state, p, request, key) => paginate(request, state.labels.objects(repoOf(p), state.labels.onThread(key)))),
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/issues/:number/labels",
    ...threadWrite,
    answer: onThread((s, p, r, key) => setLabels(s, p, r, key, "add")),
  },
  {
    method: "PUT",
    pattern: "/repos/:owner/:repo/issues/:number/labels",
    ...threadWrite,
    answer: onThread((s, p, r, key) => setLabels(s, p, r, key, "replace")),
  },
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/issues/:number/labels",
    ...threadWrite,
    answer: onThread((state, p, _r, key) => (state.labels.set(repoOf(p), key, []), NO_CONTENT)),
  },
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/issues/:number/labels/:name",
    ...threadWrite,
    answer: onThread((state, p, _r, key) => {
      const current = state.labels.onThread(key);
      if (!current.includes(p.name as string)) return { status: 404, body: { message: "Label does not exist", documentation_url: DOCS } };
      state.labels.set(
        repoOf(p),
        key,
        current.filter((name) => name !== p.name),
      );
      return ok(state.labels.objects(repoOf(p), state.labels.onThread(key)));
    }),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/labels/:name",
    permission: [needs("issues", "read")],
    answer: (state, p) =>
      state.labels.exists(repoOf(p), p.name as string) ? ok(state.labels.objects(repoOf(p), [p.name as string])[0]) : notFound(DOCS),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/labels",
    permission: [needs("issues", "read")],
    answer: (state, p, request) => paginate(request, state.labels.objects(repoOf(p), state.labels.all(repoOf(p)))),
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/labels",
    // Repository labels belong to issues and pull requests alike: either permission may create one.
    permission: [needs("issues", "write")],
    answer: (state, p, request) => {
      const body = bodyOf(request);
      if (typeof body.name !== "string" || body.name === "") return missingField("Label", "name");
      if (state.labels.exists(repoOf(p), body.name))
        return unprocessable("Validation Failed", [{ resource: "Label", code: "already_exists", field: "name" }], DOCS);
      state.labels.define(repoOf(p), body.name, pick(body, ["color", "description"]));
      return created(state.labels.objects(repoOf(p), [body.name])[0]);
    },
  },
];

function setLabels(state: StandInState, p: Params, request: RestRequest, key: string, mode: "add" | "replace"): Reply {
  const given = Array.isArray(request.body) ? request.body : asObject(request.body)?.labels;
  if (!Array.isArray(given)) return missingField("Label", "labels");
  const names = given.map((l) => (typeof l === "string" ? l : String(asObject(l)?.name ?? "")));
  const current = mode === "add" ? state.labels.onThread(key) : [];
  state.labels.set(repoOf(p), key, [...current, ...names]);
  return ok(state.labels.objects(repoOf(p), state.labels.onThread(key)));
}
