import { APP_DEFAULT_PERMISSIONS } from "../../src/sim/app-permissions.js";
import { startGitHubStandIn, type StandIn } from "../../src/sim/github-stand-in.js";
import type { World } from "../../src/sim/scenario.js";
import { unthrottledOctokit } from "../../src/sim/unthrottled-octokit.js";

/** An installation whose owner opted in to app.yml's optional permissions (discussions: write, workflows: write). */
export const OPTED_IN = { ...APP_DEFAULT_PERMISSIONS, discussions: "write", workflows: "write" } as const;

/** The repository the stand-in tests talk to, installed with every permission; override any world option. */
export function standInWorld(overrides: Partial<World> = {}): World {
  return {
    owner: "acme",
    repo: "widgets",
    default_branch: "main",
    app: "agent-guardrails[bot]",
    permissions: { maint: "admin", keeper: "maintain", dev: "write", tri: "triage", reader: "read", stranger: "none" },
    members: ["maint", "dev"],
    files: { ".github/agent-guardrails.yml": "mode: enforce\n" },
    installation_permissions: { ...OPTED_IN },
    ...overrides,
  };
}

/** A stand-in for `world`. */
export function startStandIn(overrides: Partial<World> = {}): Promise<StandIn> {
  return startGitHubStandIn(standInWorld(overrides));
}

/** Octokit as the app gets it, pointed at the stand-in (plain, or GHES style with `/api/v3`). */
export function octokitFor(standIn: StandIn, prefix = "") {
  const Octokit = unthrottledOctokit(`${standIn.url}${prefix}`);
  return new Octokit({ auth: { token: "test" } });
}

/** One raw request: status, headers and the parsed JSON body. */
export async function call(standIn: StandIn, method: string, path: string, body?: unknown) {
  const response = await fetch(`${standIn.url}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = response.headers.get("content-type")?.startsWith("application/json")
    ? (JSON.parse(text) as Record<string, unknown>)
    : undefined;
  return { status: response.status, headers: response.headers, json };
}

/** GraphQL through a raw request, so that errors come back as GitHub sends them (HTTP 200, `errors`). */
export async function graphql(standIn: StandIn, query: string, variables: Record<string, unknown> = {}) {
  return call(standIn, "POST", "/graphql", { query, variables });
}

export const repository = { full_name: "acme/widgets", name: "widgets", owner: { login: "acme", id: 1, type: "Organization" } };
export const agent = { login: "copilot-swe-agent[bot]", id: 198982749, type: "Bot" };
export const sha = (digit: string) => digit.repeat(40);

/** A pull_request payload for PR `number` from `branch` at `head`. */
export function pullPayload(number: number, branch: string, head: string, extra: Record<string, unknown> = {}) {
  return {
    action: "opened",
    number,
    pull_request: {
      number,
      node_id: `PR_${number}`,
      state: "open",
      draft: false,
      title: `PR ${number}`,
      user: agent,
      head: { ref: branch, sha: head, label: `acme:${branch}` },
      base: { ref: "main", sha: sha("0").replace(/^0/, "b") },
      ...extra,
    },
    repository,
    sender: agent,
  };
}
