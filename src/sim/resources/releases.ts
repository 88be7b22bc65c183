/**
 * Releases.
 *
 * A release exists when a `release` webhook carried it (a scenario's agent publishes one).
 * `PATCH /releases/{id}` changes what the body names (`draft` back to a draft, or published again:
 * `published_at` set); an unknown id, or one of another repository, is 404. Reading needs
 * contents: read, editing contents: write (GitHub's "Permissions required for GitHub Apps").
 */
import { asObject, type JsonObject } from "../json-object.js";
import { needs } from "../permission-grant.js";
import type { StandInState } from "../stand-in-state.js";
import { notFound, ok } from "./github-replies.js";
import { bodyOf, repoOf, type Params, type Reply, type RestRequest, type RestRoute } from "./resource.js";

/** A release the stand-in knows. */
export interface StoredRelease {
  repo: string;
  json: JsonObject;
}

/** The releases slice of the stand-in. */
export class Releases {
  readonly byId = new Map<number, StoredRelease>();

  /** Records the `release` of a payload. */
  observe(repo: string, payload: JsonObject): void {
    const release = asObject(payload.release);
    if (!release || typeof release.id !== "number") return;
    if (payload.action === "deleted") {
      this.byId.delete(release.id);
      return;
    }
    this.byId.set(release.id, { repo, json: { ...(this.byId.get(release.id)?.json ?? {}), ...structuredClone(release) } });
  }

  /** The release of that repository, if there is one. */
  find(repo: string, id: number): StoredRelease | undefined {
    const release = this.byId.get(id);
    return release?.repo === repo ? release : undefined;
  }
}

const DOCS = "https://docs.github.com/rest/releases/releases";
const EDITABLE = ["tag_name", "target_commitish", "name", "body", "draft", "prerelease"] as const;

/** REST routes of releases. */
export const releaseRoutes: RestRoute[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/releases/:id",
    permission: [needs("contents", "read")],
    answer: (state, p) => {
      const release = state.releases.find(repoOf(p), Number(p.id));
      return release ? ok(release.json) : notFound(`${DOCS}#get-a-release`);
    },
  },
  { method: "PATCH", pattern: "/repos/:owner/:repo/releases/:id", permission: [needs("contents", "write")], answer: updateRelease },
];

function updateRelease(state: StandInState, p: Params, request: RestRequest): Reply {
  const release = state.releases.find(repoOf(p), Number(p.id));
  if (!release) return notFound(`${DOCS}#update-a-release`);
  const body = bodyOf(request);
  const changes: JsonObject = {};
  for (const key of EDITABLE) if (body[key] !== undefined) changes[key] = body[key];
  const publishing = changes.draft === false && release.json.draft === true;
  release.json = {
    ...release.json,
    ...changes,
    ...(publishing ? { published_at: state.now() } : {}),
    ...(changes.draft === true ? { published_at: null } : {}),
  };
  return ok(release.json);
}
