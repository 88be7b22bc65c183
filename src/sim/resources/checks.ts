/**
 * Check runs.
 *
 * A check run exists when the app created it or a `check_run` webhook carried it. Creating one on
 * a sha that is no known commit is GitHub's 422 "No commit found for SHA"; reading or updating an
 * unknown id is 404. `GET /commits/{ref}/check-runs` (a sha or a branch) lists newest first,
 * wrapped as `{total_count, check_runs}` and paginated. Writes need checks: write.
 */
import { idFrom } from "../fake-sha.js";
import { asObject, pick, type JsonObject } from "../json-object.js";
import { needs } from "../permission-grant.js";
import type { StandInState } from "../stand-in-state.js";
import { created, missingField, notFound, ok, unprocessable } from "./github-replies.js";
import { paginate } from "./paginate.js";
import { bodyOf, repoOf, type Params, type Reply, type RestRequest, type RestRoute } from "./resource.js";

/** A check run the stand-in knows. */
export interface StoredCheckRun {
  repo: string;
  json: JsonObject & { id: number; head_sha: string; name: string };
}

/** The check runs slice of the stand-in. */
export class CheckRuns {
  readonly runs: StoredCheckRun[] = [];

  /** Records the `check_run` of a payload. */
  observe(repo: string, payload: JsonObject): void {
    const run = asObject(payload.check_run);
    if (!run || typeof run.id !== "number" || typeof run.head_sha !== "string" || typeof run.name !== "string") return;
    const known = this.byId(repo, run.id);
    if (known) Object.assign(known.json, structuredClone(run));
    else this.runs.push({ repo, json: structuredClone(run) as StoredCheckRun["json"] });
  }

  /** The run of that repository by id. */
  byId(repo: string, id: number): StoredCheckRun | undefined {
    return this.runs.find((r) => r.repo === repo && r.json.id === id);
  }
}

const CHECKS_WRITE = [needs("checks", "write")];
const DOCS = "https://docs.github.com/rest/checks/runs";

/** REST routes of check runs. */
export const checkRoutes: RestRoute[] = [
  { method: "POST", pattern: "/repos/:owner/:repo/check-runs", permission: CHECKS_WRITE, answer: createCheckRun },
  { method: "PATCH", pattern: "/repos/:owner/:repo/check-runs/:id", permission: CHECKS_WRITE, answer: updateCheckRun },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/check-runs/:id",
    permission: [needs("checks", "read")],
    answer: (state, p) => {
      const run = state.checks.byId(repoOf(p), Number(p.id));
      return run ? ok(run.json) : notFound(DOCS);
    },
  },
  { method: "GET", pattern: "/repos/:owner/:repo/commits/:ref/check-runs", permission: [needs("checks", "read")], answer: listCheckRuns },
];

function createCheckRun(state: StandInState, p: Params, request: RestRequest): Reply {
  const body = bodyOf(request);
  if (typeof body.name !== "string") return missingField("CheckRun", "name");
  if (typeof body.head_sha !== "string") return missingField("CheckRun", "head_sha");
  const full = repoOf(p);
  if (!state.git.commits.has(body.head_sha))
    return unprocessable(`No commit found for SHA: ${body.head_sha}`, undefined, `${DOCS}#create-a-check-run`);
  const id = state.newId();
  const conclusion = typeof body.conclusion === "string" ? body.conclusion : null;
  const json = {
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
    app: { id: 1, slug: state.world.app.replace(/\[bot\]$/, "") },
    pull_requests: [],
  };
  state.checks.runs.push({ repo: full, json });
  return created(json);
}

function updateCheckRun(state: StandInState, p: Params, request: RestRequest): Reply {
  const run = state.checks.byId(repoOf(p), Number(p.id));
  if (!run) return notFound(`${DOCS}#update-a-check-run`);
  const body = bodyOf(request);
  Object.assign(run.json, pick(body, ["name", "details_url", "external_id", "status", "conclusion", "completed_at"]));
  if (asObject(body.output)) run.json.output = { ...asObject(run.json.output), ...asObject(body.output) };
  if (typeof body.conclusion === "string") {
    run.json.status = "completed";
    run.json.completed_at = run.json.completed_at ?? state.now();
  }
  return ok(run.json);
}

function listCheckRuns(state: StandInState, p: Params, request: RestRequest): Reply {
  const sha = state.git.resolve(repoOf(p), p.ref as string);
  if (sha === undefined)
    return unprocessable(`No commit found for SHA: ${p.ref}`, undefined, `${DOCS}#list-check-runs-for-a-git-reference`);
  const name = request.query.get("check_name");
  const runs = state.checks.runs
    .filter((r) => r.repo === repoOf(p) && r.json.head_sha === sha && (name === null || r.json.name === name))
    .reverse()
    .map((r) => r.json);
  return paginate(request, runs, { wrap: "check_runs" });
}
