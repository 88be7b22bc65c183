/**
 * GitHub Actions workflow runs.
 *
 * A run exists when a `workflow_run` webhook carried it. Cancelling one answers 202 and the run
 * reads back completed, concluded `cancelled`; cancelling a completed run is GitHub's 409 "Cannot
 * cancel a workflow run that is completed."; an unknown run 404. Reading needs actions: read,
 * cancelling actions: write.
 */
import { asObject, type JsonObject } from "../json-object.js";
import { needs } from "../permission-grant.js";
import type { StandInState } from "../stand-in-state.js";
import { notFound, ok } from "./github-replies.js";
import { repoOf, type Params, type Reply, type RestRoute } from "./resource.js";

/** A workflow run the stand-in knows. */
export interface StoredRun {
  repo: string;
  json: JsonObject;
}

/** The workflow runs slice of the stand-in. */
export class WorkflowRuns {
  readonly byId = new Map<number, StoredRun>();

  /** Records the `workflow_run` of a payload. */
  observe(repo: string, payload: JsonObject): void {
    const run = asObject(payload.workflow_run);
    if (!run || typeof run.id !== "number") return;
    this.byId.set(run.id, { repo, json: { ...(this.byId.get(run.id)?.json ?? {}), ...structuredClone(run) } });
  }

  /** The run of that repository, if there is one. */
  find(repo: string, id: number): StoredRun | undefined {
    const run = this.byId.get(id);
    return run?.repo === repo ? run : undefined;
  }
}

const DOCS = "https://docs.github.com/rest/actions/workflow-runs";

/** REST routes of workflow runs. */
export const actionRoutes: RestRoute[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/actions/runs/:id",
    permission: [needs("actions", "read")],
    answer: (state, p) => {
      const run = state.runs.find(repoOf(p), Number(p.id));
      return run ? ok(run.json) : notFound(`${DOCS}#get-a-workflow-run`);
    },
  },
  { method: "POST", pattern: "/repos/:owner/:repo/actions/runs/:id/cancel", permission: [needs("actions", "write")], answer: cancelRun },
];

function cancelRun(state: StandInState, p: Params): Reply {
  const run = state.runs.find(repoOf(p), Number(p.id));
  if (!run) return notFound(`${DOCS}#cancel-a-workflow-run`);
  if (run.json.status === "completed")
    return {
      status: 409,
      body: { message: "Cannot cancel a workflow run that is completed.", documentation_url: `${DOCS}#cancel-a-workflow-run` },
    };
  run.json = { ...run.json, status: "completed", conclusion: "cancelled", updated_at: state.now() };
  return { status: 202, body: {} };
}
