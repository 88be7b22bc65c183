/**
 * Repositories, their default-branch files, and the app and its installation.
 *
 * A repository is known when it is the world's, a webhook's `repository`, or holds files given as
 * `"owner/name:path"`; any route under an unknown repository is 404 (the router checks it).
 * `GET /repos/{o}/{r}` answers `private` from `world.visibility` and `owner.type` from
 * `world.account`. Contents are read live from `world.files` (a `files` step changes them), raw
 * or base64 by the Accept header; a directory lists its entries; anything else is 404. A file is
 * written with `PUT /contents/{path}` (one commit on a branch, the blob `sha` needed to replace one).
 * `GET /app/installations/{id}` answers the granted permissions (`installation_permissions`, else
 * app.yml's).
 */
import { createHash } from "node:crypto";
import { grantedPermissions } from "../app-default-permissions.js";
import { fakeSha, idFrom } from "../fake-sha.js";
import type { JsonObject } from "../json-object.js";
import { needs } from "../permission-grant.js";
import type { World } from "../scenario.js";
import type { StandInState } from "../stand-in-state.js";
import { created, notFound, ok } from "./github-replies.js";
import { repoOf, type Params, type Reply, type RestRequest, type RestRoute } from "./resource.js";

/** The repositories slice of the stand-in. */
export class Repositories {
  private readonly known = new Set<string>();
  /** Node ids webhooks carried (`repository.node_id`), so GraphQL finds a repository by the id the app has. */
  private readonly nodeIds = new Map<string, string>();

  /** Every repository the stand-in knows. */
  all(): string[] {
    return [...this.known];
  }

  /** A repository's GraphQL node id: the one a webhook carried, else the stand-in's own. */
  nodeIdOf(full: string): string {
    return this.nodeIds.get(full) ?? `R_standin${idFrom(`repo:${full}`)}`;
  }

  constructor(private readonly world: World) {
    this.known.add(`${world.owner}/${world.repo}`);
    for (const key of Object.keys(world.files)) {
      const colon = key.indexOf(":");
      if (colon > 0 && key.slice(0, colon).includes("/")) this.known.add(key.slice(0, colon));
    }
  }

  /** Whether `owner/name` exists. */
  exists(full: string): boolean {
    return this.known.has(full);
  }

  /** Remembers a repository a webhook named. */
  add(full: string, nodeId?: string): void {
    this.known.add(full);
    if (nodeId !== undefined) this.nodeIds.set(full, nodeId);
  }

  /** The world's own repository, `owner/name`. */
  get main(): string {
    return `${this.world.owner}/${this.world.repo}`;
  }

  /** The key of `path` of `full` in `world.files`. */
  fileKey(full: string, path: string): string {
    return full === this.main ? path : `${full}:${path}`;
  }

  /** The default-branch file, live. */
  file(full: string, path: string): string | undefined {
    return this.world.files[`${full}:${path}`] ?? (full === this.main ? this.world.files[path] : undefined);
  }

  /** Every default-branch file of a repository, live: path → text. */
  files(full: string): Record<string, string> {
    return Object.fromEntries(this.paths(full).map((path) => [path, this.file(full, path) as string]));
  }

  /** The default branch now holds exactly `files` (a ref update to a commit whose files are known). */
  replaceFiles(full: string, files: Record<string, string>): void {
    for (const path of this.paths(full)) delete this.world.files[this.fileKey(full, path)];
    for (const [path, text] of Object.entries(files)) this.world.files[this.fileKey(full, path)] = text;
  }

  /** Default-branch paths of a repository, live. */
  paths(full: string): string[] {
    return Object.keys(this.world.files).flatMap((key) => {
      if (key.startsWith(`${full}:`)) return [key.slice(full.length + 1)];
      return full === this.main && !/^[^/:]+\/[^/:]+:/.test(key) ? [key] : [];
    });
  }
}

/** REST routes of repositories, contents, the app and its installation. */
export const repositoryRoutes: RestRoute[] = [
  { method: "GET", pattern: "/app", permission: [], answer: (state) => ok(app(state)) },
  {
    method: "POST",
    pattern: "/app/installations/:id/access_tokens",
    permission: [],
    answer: (state) =>
      created({
        token: "ghs_standin",
        expires_at: "2099-01-01T00:00:00Z",
        permissions: grantedPermissions(state.world),
        repository_selection: "all",
      }),
  },
  { method: "GET", pattern: "/app/installations/:id", permission: [], answer: (state, p) => ok(installation(state, Number(p.id))) },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/installation",
    permission: [],
    answer: (state) => ok(installation(state, state.installationId)),
  },
  { method: "GET", pattern: "/orgs/:org/installation", permission: [], answer: (state) => ok(installation(state, state.installationId)) },
  {
    method: "GET",
    pattern: "/rate_limit",
    permission: [],
    answer: () => ok({ resources: { core: { limit: 5000, remaining: 4999, used: 1 } } }),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo",
    permission: [needs("metadata", "read")],
    answer: (state, p) => ok(repository(state, p)),
  },
  { method: "GET", pattern: "/repos/:owner/:repo/contents/*path", permission: [needs("contents", "read")], answer: contents },
  {
    method: "PUT",
    pattern: "/repos/:owner/:repo/contents/*path",
    // GitHub's "Create or update file contents": contents: write, and workflows: write for a workflow file.
    permission: (context) => [needs("contents", "write"), ...(context.touchesWorkflows ? [needs("workflows", "write")] : [])],
    context: (_state, p) =>
      /^\.github\/workflows\//.test(p.path as string) ? { touchesWorkflows: true, workflowPath: p.path as string } : {},
    answer: putContents,
  },
];

const PUT_DOCS = "https://docs.github.com/rest/repos/contents#create-or-update-file-contents";

/**
 * `PUT /contents/{path}`: one commit on `branch` (default: the default branch) creating or
 * replacing the file, as GitHub answers it: replacing needs the blob `sha` of the file there (422
 * `"sha" wasn't supplied`, 409 when it is not the current one), an unknown branch is 404, a
 * protected one 409, content must be Base64. 201 for a new file, 200 for a replaced one.
 */
function putContents(state: StandInState, p: Params, request: RestRequest): Reply {
  const full = repoOf(p);
  const path = (p.path as string).replace(/\/+$/, "");
  const body = request.body !== null && typeof request.body === "object" ? (request.body as JsonObject) : {};
  if (typeof body.message !== "string")
    return { status: 422, body: { message: 'Invalid request.\n\n"message" wasn\'t supplied.', documentation_url: PUT_DOCS } };
  if (typeof body.content !== "string")
    return { status: 422, body: { message: 'Invalid request.\n\n"content" wasn\'t supplied.', documentation_url: PUT_DOCS } };
  const compact = body.content.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0)
    return { status: 422, body: { message: "content is not valid Base64", documentation_url: PUT_DOCS } };
  const defaultBranch = state.defaultBranchOf(full);
  const branch = typeof body.branch === "string" ? body.branch : defaultBranch;
  const tip = state.git.tip(full, `heads/${branch}`);
  if (tip === undefined) return { status: 404, body: { message: `Branch ${branch} not found`, documentation_url: PUT_DOCS } };
  if ((state.world.protected_branches ?? []).includes(branch))
    return { status: 409, body: { message: "Changes must be made through a pull request.", documentation_url: PUT_DOCS } };
  // The branch's files: known for the commits the stand-in made or started with, else (a branch an
  // agent pushed, whose contents it never saw) taken to be the default branch's.
  const files = { ...(state.git.filesAt(tip) ?? state.repositories.files(full)) };
  const existing = files[path];
  if (existing !== undefined) {
    if (typeof body.sha !== "string")
      return { status: 422, body: { message: 'Invalid request.\n\n"sha" wasn\'t supplied.', documentation_url: PUT_DOCS } };
    const current = contentEntry(full, path, existing).sha;
    if (body.sha !== current) return { status: 409, body: { message: `${path} does not match ${body.sha}`, documentation_url: PUT_DOCS } };
  }
  files[path] = Buffer.from(compact, "base64").toString("utf8");
  const sha = state.git.commitOnBranch(full, branch, [path], `put:${path}:${state.newId()}`);
  state.git.snapshot(sha, files);
  if (branch === defaultBranch) state.repositories.replaceFiles(full, files);
  const commit = state.git.commits.get(sha);
  const answer = {
    content: contentEntry(full, path, files[path]),
    commit: {
      sha,
      node_id: `C_standin${sha.slice(0, 10)}`,
      url: `https://api.github.com/repos/${full}/git/commits/${sha}`,
      html_url: `https://github.com/${full}/commit/${sha}`,
      message: body.message,
      tree: { sha: commit?.tree, url: `https://api.github.com/repos/${full}/git/trees/${commit?.tree}` },
      parents: [{ sha: tip }],
    },
  };
  return existing === undefined ? created(answer) : ok(answer);
}

function app(state: StandInState): JsonObject {
  const slug = state.world.app.replace(/\[bot\]$/, "");
  return {
    id: 1,
    slug,
    node_id: "A_standin1",
    name: slug,
    owner: state.people.account(state.world.owner),
    html_url: `https://github.com/apps/${slug}`,
    permissions: grantedPermissions(state.world),
    events: ["pull_request", "issue_comment", "push"],
  };
}

export function installation(state: StandInState, id: number): JsonObject {
  return {
    id,
    account: state.people.account(state.world.owner),
    app_id: 1,
    target_type: state.world.account ?? "Organization",
    permissions: grantedPermissions(state.world),
  };
}

export function repository(state: StandInState, p: Params): JsonObject {
  const full = repoOf(p);
  const own = full === state.repositories.main;
  const visibility = own ? (state.world.visibility ?? "public") : "public";
  return {
    id: idFrom(`repo:${full}`),
    node_id: state.repositories.nodeIdOf(full),
    name: p.repo,
    full_name: full,
    private: visibility === "private",
    visibility,
    owner: state.people.account(p.owner as string),
    html_url: `https://github.com/${full}`,
    default_branch: own ? state.world.default_branch : "main",
  };
}

function contents(state: StandInState, p: Params, request: RestRequest): Reply {
  const full = repoOf(p);
  const path = (p.path as string).replace(/\/+$/, "");
  const ref = request.query.get("ref");
  let file = state.repositories.file(full, path);
  if (ref !== null) {
    // `?ref=`: a branch, tag or sha. The stand-in knows the files of the commits it made or started with.
    const sha = state.git.resolve(full, ref);
    if (sha === undefined)
      return {
        status: 404,
        body: {
          message: `No commit found for the ref ${ref}`,
          documentation_url: "https://docs.github.com/rest/repos/contents#get-repository-content",
        },
      };
    const files = state.git.filesAt(sha);
    if (files !== undefined) file = files[path];
    else if (sha !== state.git.tip(full, `heads/${state.defaultBranchOf(full)}`))
      return notFound("https://docs.github.com/rest/repos/contents#get-repository-content");
    if (file === undefined) return notFound("https://docs.github.com/rest/repos/contents#get-repository-content");
  }
  if (file === undefined) {
    const entries = listDirectory(state, full, path);
    return entries.length === 0 ? notFound("https://docs.github.com/rest/repos/contents#get-repository-content") : ok(entries);
  }
  if (/application\/vnd\.github(\.v3)?\.raw/.test(request.accept)) {
    return { status: 200, text: file, headers: { "content-type": "application/vnd.github.raw; charset=utf-8" } };
  }
  return ok({ ...contentEntry(full, path, file), encoding: "base64", content: base64Lines(file) });
}

function listDirectory(state: StandInState, full: string, dir: string): JsonObject[] {
  const seen = new Map<string, JsonObject>();
  for (const path of state.repositories.paths(full)) {
    if (!path.startsWith(`${dir}/`)) continue;
    const name = path.slice(dir.length + 1).split("/")[0] as string;
    const child = `${dir}/${name}`;
    if (seen.has(name)) continue;
    seen.set(
      name,
      child === path
        ? contentEntry(full, path, state.repositories.file(full, path) ?? "")
        : { type: "dir", name, path: child, sha: fakeSha(`dir:${child}`) },
    );
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
  return (
    (
      Buffer.from(text)
        .toString("base64")
        .match(/.{1,60}/g) ?? []
    ).join("\n") + "\n"
  );
}
