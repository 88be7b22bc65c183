/**
 * Repositories, their default-branch files, and the app and its installation.
 *
 * A repository is known when it is the world's, a webhook's `repository`, or holds files given as
 * `"owner/name:path"`; any route under an unknown repository is 404 (the router checks it).
 * `GET /repos/{o}/{r}` answers `private` from `world.visibility` and `owner.type` from
 * `world.account`. Contents are read live from `world.files` (a `files` step changes them), raw
 * or base64 by the Accept header; a directory lists its entries; anything else is 404.
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
    answer: (state) => created({ token: "ghs_standin", expires_at: "2099-01-01T00:00:00Z", permissions: grantedPermissions(state.world), repository_selection: "all" }),
  },
  { method: "GET", pattern: "/app/installations/:id", permission: [], answer: (state, p) => ok(installation(state, Number(p.id))) },
  { method: "GET", pattern: "/repos/:owner/:repo/installation", permission: [], answer: (state) => ok(installation(state, state.installationId)) },
  { method: "GET", pattern: "/orgs/:org/installation", permission: [], answer: (state) => ok(installation(state, state.installationId)) },
  { method: "GET", pattern: "/rate_limit", permission: [], answer: () => ok({ resources: { core: { limit: 5000, remaining: 4999, used: 1 } } }) },
  { method: "GET", pattern: "/repos/:owner/:repo", permission: [needs("metadata", "read")], answer: (state, p) => ok(repository(state, p)) },
  { method: "GET", pattern: "/repos/:owner/:repo/contents/*path", permission: [needs("contents", "read")], answer: contents },
];

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
    if (sha === undefined) return { status: 404, body: { message: `No commit found for the ref ${ref}`, documentation_url: "https://docs.github.com/rest/repos/contents#get-repository-content" } };
    const files = state.git.filesAt(sha);
    if (files !== undefined) file = files[path];
    else if (sha !== state.git.tip(full, `heads/${state.defaultBranchOf(full)}`)) return notFound("https://docs.github.com/rest/repos/contents#get-repository-content");
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
    seen.set(name, child === path ? contentEntry(full, path, state.repositories.file(full, path) ?? "") : { type: "dir", name, path: child, sha: fakeSha(`dir:${child}`) });
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
