import { afterEach, describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { APP_DEFAULT_PERMISSIONS, permissionNeeded } from "../../src/sim/app-permissions.js";
import type { StandIn } from "../../src/sim/github-stand-in.js";
import type { World } from "../../src/sim/scenario.js";
import { agent, call, graphql, pullPayload, repository, sha, startStandIn } from "./stand-in-client.js";

let standIn: StandIn | undefined;
afterEach(() => standIn?.close());
async function start(overrides: Partial<World> = {}): Promise<StandIn> {
  standIn = await startStandIn(overrides);
  return standIn;
}

describe("the permission table", () => {
  test("the default grant is app.yml's default_permissions", () => {
    const appYml = parse(readFileSync(new URL("../../app.yml", import.meta.url), "utf8")) as {
      default_permissions: Record<string, string>;
    };
    expect(APP_DEFAULT_PERMISSIONS).toEqual(appYml.default_permissions);
  });

  test.each([
    [{ method: "POST", path: "/repos/acme/widgets/issues/5/comments" }, {}, [{ scope: "issues", level: "write" }]],
    [
      { method: "POST", path: "/repos/acme/widgets/issues/5/comments" },
      { subject: "pull_request" },
      [{ scope: "pull_requests", level: "write" }],
    ],
    [{ method: "POST", path: "/repos/acme/widgets/check-runs" }, {}, [{ scope: "checks", level: "write" }]],
    [{ method: "PATCH", path: "/repos/acme/widgets/pulls/5" }, {}, [{ scope: "pull_requests", level: "write" }]],
    [
      { method: "PATCH", path: "/repos/acme/widgets/git/refs/heads/main" },
      { touchesWorkflows: true },
      [
        { scope: "contents", level: "write" },
        { scope: "workflows", level: "write" },
      ],
    ],
    [{ method: "GET", path: "/repos/acme/widgets/collaborators/dev/permission" }, {}, [{ scope: "metadata", level: "read" }]],
    [{ method: "GET", path: "/orgs/acme/members/dev" }, {}, [{ scope: "members", level: "read" }]],
    // The App's own delivery log answers its JWT: no installation permission applies.
    [{ method: "GET", path: "/app/hook/deliveries" }, {}, []],
    [{ method: "POST", path: "/app/hook/deliveries/5/attempts" }, {}, []],
    [
      { operation: "convertPullRequestToDraft" },
      {},
      [
        { scope: "pull_requests", level: "write" },
        { scope: "contents", level: "write" },
      ],
    ],
    [{ operation: "minimizeComment" }, { subject: "discussion" }, [{ scope: "discussions", level: "write" }]],
    [{ operation: "addDiscussionComment" }, {}, [{ scope: "discussions", level: "write" }]],
  ] as const)("%j in %j needs %j", (callShape, context, needed) => {
    expect(permissionNeeded(callShape, context)).toEqual(needed);
  });

  test("an unknown call is undefined", () => {
    expect(permissionNeeded({ method: "GET", path: "/teleport" })).toBeUndefined();
    expect(permissionNeeded({ operation: "addStar" })).toBeUndefined();
  });
});

describe("installation_permissions", () => {
  test("a REST call needing more answers 403 'Resource not accessible by integration'; the installation shows the grant", async () => {
    const s = await start({ installation_permissions: { metadata: "read", issues: "write", contents: "read" } });
    s.observe("pull_request", pullPayload(5, "agent/x", sha("a")));
    s.observe("issues", { action: "opened", issue: { number: 6, title: "t", state: "open", user: agent }, repository });
    // An issue comment on a PR's thread needs pull_requests, on an issue issues.
    expect(await call(s, "POST", "/repos/acme/widgets/issues/5/comments", { body: "x" })).toMatchObject({
      status: 403,
      json: { message: "Resource not accessible by integration" },
    });
    expect((await call(s, "POST", "/repos/acme/widgets/issues/6/comments", { body: "x" })).status).toBe(201);
    expect((await call(s, "POST", "/repos/acme/widgets/check-runs", { name: "c", head_sha: sha("a") })).status).toBe(403);
    expect((await call(s, "GET", "/orgs/acme/members/dev")).status).toBe(403);
    expect((await call(s, "GET", "/app/installations/1")).json).toMatchObject({
      permissions: { metadata: "read", issues: "write", contents: "read" },
    });
  });

  test("a ref update touching .github/workflows needs workflows: write", async () => {
    const s = await start({ installation_permissions: { ...APP_DEFAULT_PERMISSIONS, workflows: "read" } });
    s.observe("push", {
      ref: "refs/heads/main",
      before: sha("1"),
      after: sha("2"),
      commits: [{ id: sha("2"), modified: [".github/workflows/ci.yml"] }],
      repository,
    });
    const tree = ((await call(s, "GET", `/repos/acme/widgets/git/commits/${sha("1")}`)).json?.tree as { sha: string }).sha;
    const revert = await call(s, "POST", "/repos/acme/widgets/git/commits", { message: "revert", tree, parents: [sha("2")] });
    expect(await call(s, "PATCH", "/repos/acme/widgets/git/refs/heads/main", { sha: revert.json?.sha })).toMatchObject({
      status: 403,
      json: {
        message: "refusing to allow a GitHub App to create or update workflow `.github/workflows/ci.yml` without `workflows` permission",
      },
    });
  });

  test("GraphQL: HTTP 200, data null for the field and a FORBIDDEN error naming it", async () => {
    const s = await start({ installation_permissions: { metadata: "read", pull_requests: "write" } });
    s.observe("pull_request", pullPayload(5, "agent/x", sha("a")));
    const reply = await graphql(
      s,
      `
        mutation ($id: ID!) {
          convertPullRequestToDraft(input: { pullRequestId: $id }) {
            pullRequest {
              isDraft
            }
          }
        }
      `,
      { id: "PR_5" },
    );
    expect(reply).toMatchObject({
      status: 200,
      json: {
        data: { convertPullRequestToDraft: null },
        errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration", path: ["convertPullRequestToDraft"] }],
      },
    });
    expect((await call(s, "GET", "/repos/acme/widgets/pulls/5")).json).toMatchObject({ draft: false });
  });
});
