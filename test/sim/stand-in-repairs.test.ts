import { afterEach, describe, expect, test } from "@jest/globals";
import { applyEffect } from "../../src/effects/apply-effect.js";
import { createOctokitAdapter } from "../../src/github/octokit-adapter.js";
import type { Effect } from "../../src/policy/effect.js";
import type { StandIn } from "../../src/sim/github-stand-in.js";
import type { World } from "../../src/sim/scenario.js";
import { accounts, discussionCommentEvent, example, pullRequestEvent } from "../fixtures/webhook-examples.js";
import { OPTED_IN, call, graphql, octokitFor, startStandIn } from "./stand-in-client.js";

/**
 * The stand-in's releases, workflow runs, collaborators and blocks, requested reviewers,
 * auto-merge, commit comments and discussion writes: GitHub's status codes and refusals, state
 * read back, and each repair effect applied twice through the real adapter changing GitHub once.
 */

let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

/** The app's permissions plus the opt-in ones these verbs need (app.yml does not ask for them by default). */
const GRANTED = { ...OPTED_IN, actions: "write", administration: "write", organization_user_blocking: "write" } as const;

async function start(overrides: Partial<World> = {}): Promise<StandIn> {
  standIn = await startStandIn({ installation_permissions: { ...GRANTED }, ...overrides });
  return standIn;
}

const REPO_NODE = "R_widgets";

function seedRelease(s: StandIn): void {
  s.observe(
    "release",
    example("release", "published", (p) => ((p.release.id = 600), (p.release.draft = false))),
  );
}
function seedRun(s: StandIn, status: string): void {
  s.observe(
    "workflow_run",
    example("workflow_run", "requested", (p) => ((p.workflow_run.id = 77), (p.workflow_run.status = status))),
  );
}
function seedPull(s: StandIn): void {
  s.observe(
    "pull_request",
    pullRequestEvent("opened", accounts.agent, accounts.agent, (p) => {
      p.pull_request.requested_reviewers = [{ ...accounts.agent }, { ...accounts.maint }];
      p.pull_request.auto_merge = { merge_method: "squash", enabled_by: { ...accounts.agent } };
    }),
  );
}
function seedDiscussion(s: StandIn): void {
  s.observe("discussion_comment", {
    ...discussionCommentEvent(accounts.agent, { number: 9, commentId: 900 }),
    repository: { ...example("discussion_comment", "created").repository, node_id: REPO_NODE },
  });
}

describe("releases", () => {
  test("PATCH draft reads back; publishing again sets published_at; an unknown id is 404", async () => {
    const s = await start();
    seedRelease(s);
    expect(await call(s, "PATCH", "/repos/acme/widgets/releases/600", { draft: true })).toMatchObject({
      status: 200,
      json: { id: 600, draft: true, published_at: null },
    });
    expect((await call(s, "GET", "/repos/acme/widgets/releases/600")).json).toMatchObject({ draft: true });
    expect((await call(s, "PATCH", "/repos/acme/widgets/releases/600", { draft: false })).json).toMatchObject({
      draft: false,
      published_at: expect.any(String),
    });
    expect((await call(s, "PATCH", "/repos/acme/widgets/releases/601", { draft: true })).status).toBe(404);
  });

  test("without contents: write it is 403", async () => {
    const s = await start({ installation_permissions: { ...OPTED_IN, contents: "read" } });
    seedRelease(s);
    expect((await call(s, "PATCH", "/repos/acme/widgets/releases/600", { draft: true })).status).toBe(403);
  });
});

describe("workflow runs", () => {
  test.each([
    ["an in-progress run is cancelled (202), then reads back completed/cancelled", "in_progress", 202],
    ["a completed run is 409", "completed", 409],
  ])("%s", async (_name, status, expected) => {
    const s = await start();
    seedRun(s, status);
    expect((await call(s, "POST", "/repos/acme/widgets/actions/runs/77/cancel")).status).toBe(expected);
    if (expected === 202)
      expect((await call(s, "GET", "/repos/acme/widgets/actions/runs/77")).json).toMatchObject({
        status: "completed",
        conclusion: "cancelled",
      });
  });

  test("an unknown run is 404; without actions: write 403", async () => {
    const s = await start();
    expect((await call(s, "POST", "/repos/acme/widgets/actions/runs/78/cancel")).status).toBe(404);
    await s.close();
    const refused = await start({ installation_permissions: { ...GRANTED, actions: "read" } });
    seedRun(refused, "in_progress");
    expect((await call(refused, "POST", "/repos/acme/widgets/actions/runs/77/cancel")).status).toBe(403);
  });
});

describe("collaborators and blocks", () => {
  test("an org member is added at once (204); an outsider invited (201) and has no role until accepting; no account 404", async () => {
    const s = await start({
      members: ["maint", "dev", "newbie"],
      permissions: { maint: "admin", dev: "write", stranger: "none", newbie: "none" },
    });
    expect((await call(s, "PUT", "/repos/acme/widgets/collaborators/newbie", { permission: "triage" })).status).toBe(204);
    expect((await call(s, "GET", "/repos/acme/widgets/collaborators/newbie/permission")).json).toMatchObject({ role_name: "triage" });
    expect(await call(s, "PUT", "/repos/acme/widgets/collaborators/stranger", { permission: "push" })).toMatchObject({
      status: 201,
      json: { invitee: { login: "stranger" }, permissions: "push" },
    });
    expect((await call(s, "GET", "/repos/acme/widgets/collaborators/stranger")).status).toBe(404);
    expect((await call(s, "PUT", "/repos/acme/widgets/collaborators/ghost-user", {})).status).toBe(404);
  });

  test("DELETE removes the role (204, and 204 again)", async () => {
    const s = await start();
    expect((await call(s, "DELETE", "/repos/acme/widgets/collaborators/dev")).status).toBe(204);
    expect((await call(s, "GET", "/repos/acme/widgets/collaborators/dev")).status).toBe(404);
    expect((await call(s, "DELETE", "/repos/acme/widgets/collaborators/dev")).status).toBe(204);
  });

  test("without administration: write both are 403", async () => {
    const s = await start({ installation_permissions: { ...GRANTED, administration: "read" } });
    expect((await call(s, "DELETE", "/repos/acme/widgets/collaborators/dev")).status).toBe(403);
    expect((await call(s, "PUT", "/repos/acme/widgets/collaborators/dev", {})).status).toBe(403);
  });

  test("a block is 204, again 422, read back 204, lifted 204 then 404; a personal account has no /orgs", async () => {
    const s = await start({ installation_permissions: { ...OPTED_IN, organization_user_blocking: "write" } });
    expect((await call(s, "PUT", "/orgs/acme/blocks/dev")).status).toBe(204);
    expect(await call(s, "PUT", "/orgs/acme/blocks/dev")).toMatchObject({
      status: 422,
      json: { message: "Blocked user has already been blocked" },
    });
    expect((await call(s, "GET", "/orgs/acme/blocks/dev")).status).toBe(204);
    expect((await call(s, "DELETE", "/orgs/acme/blocks/dev")).status).toBe(204);
    expect((await call(s, "GET", "/orgs/acme/blocks/dev")).status).toBe(404);
    await s.close();
    const personal = await start({
      account: "User",
      owner: "acme",
      installation_permissions: { ...OPTED_IN, organization_user_blocking: "write" },
    });
    expect((await call(personal, "PUT", "/orgs/acme/blocks/dev")).status).toBe(404);
  });

  test("without organization_user_blocking: write a block is 403", async () => {
    const s = await start({ installation_permissions: { ...OPTED_IN } });
    expect((await call(s, "PUT", "/orgs/acme/blocks/dev")).status).toBe(403);
  });
});

describe("pull requests", () => {
  test("requested reviewers: removing one leaves the others; one not requested changes nothing (200)", async () => {
    const s = await start();
    seedPull(s);
    expect(
      (await call(s, "DELETE", "/repos/acme/widgets/pulls/42/requested_reviewers", { reviewers: [accounts.agent.login] })).status,
    ).toBe(200);
    expect(
      (await call(s, "DELETE", "/repos/acme/widgets/pulls/42/requested_reviewers", { reviewers: [accounts.agent.login] })).status,
    ).toBe(200);
    expect((await call(s, "GET", "/repos/acme/widgets/pulls/42/requested_reviewers")).json).toMatchObject({ users: [{ login: "maint" }] });
    expect((await call(s, "DELETE", "/repos/acme/widgets/pulls/43/requested_reviewers", { reviewers: ["maint"] })).status).toBe(404);
  });

  test("auto-merge reads back off after disablePullRequestAutoMerge; an unknown PR is NOT_FOUND", async () => {
    const s = await start();
    seedPull(s);
    const read = `query($id: ID!) { node(id: $id) { ... on PullRequest { autoMergeRequest { enabledAt } } } }`;
    const nodeId = (await call(s, "GET", "/repos/acme/widgets/pulls/42")).json?.node_id as string;
    expect((await graphql(s, read, { id: nodeId })).json).toMatchObject({
      data: { node: { autoMergeRequest: { enabledAt: expect.any(String) } } },
    });
    const disable = `mutation($id: ID!) { disablePullRequestAutoMerge(input: { pullRequestId: $id }) { pullRequest { id } } }`;
    expect((await graphql(s, disable, { id: nodeId })).json).not.toHaveProperty("errors");
    expect((await graphql(s, read, { id: nodeId })).json).toMatchObject({ data: { node: { autoMergeRequest: null } } });
    expect((await graphql(s, disable, { id: "PR_nope" })).json).toMatchObject({ errors: [{ type: "NOT_FOUND" }] });
  });
});

describe("commit comments", () => {
  test("PATCH edits a known one (200), an unknown is 404, without contents: write 403", async () => {
    const s = await start();
    s.observe(
      "commit_comment",
      example("commit_comment", "created", (p) => (p.comment.id = 800)),
    );
    expect(await call(s, "PATCH", "/repos/acme/widgets/comments/800", { body: "restored" })).toMatchObject({
      status: 200,
      json: { body: "restored" },
    });
    expect((await call(s, "GET", "/repos/acme/widgets/comments/800")).json).toMatchObject({ body: "restored" });
    expect((await call(s, "PATCH", "/repos/acme/widgets/comments/801", { body: "x" })).status).toBe(404);
    await s.close();
    const refused = await start({ installation_permissions: { ...OPTED_IN, contents: "read" } });
    refused.observe(
      "commit_comment",
      example("commit_comment", "created", (p) => (p.comment.id = 800)),
    );
    expect((await call(refused, "PATCH", "/repos/acme/widgets/comments/800", { body: "x" })).status).toBe(403);
  });
});

describe("discussions", () => {
  test("createDiscussion in a known repository and category; an unknown repository is NOT_FOUND; deleted twice, NOT_FOUND the second time", async () => {
    const s = await start();
    seedDiscussion(s);
    const create = `mutation($r: ID!, $c: ID!) { createDiscussion(input: { repositoryId: $r, categoryId: $c, title: "t", body: "b" }) { discussion { id number url } } }`;
    const made = (await graphql(s, create, { r: REPO_NODE, c: "DIC_kw1" })).json as {
      data: { createDiscussion: { discussion: { id: string; number: number } } };
    };
    expect(made.data.createDiscussion.discussion.number).toBe(10);
    expect((await graphql(s, create, { r: "R_nope", c: "DIC_kw1" })).json).toMatchObject({ errors: [{ type: "NOT_FOUND" }] });
    const remove = `mutation($id: ID!) { deleteDiscussion(input: { id: $id }) { discussion { id } } }`;
    const id = made.data.createDiscussion.discussion.id;
    expect((await graphql(s, remove, { id })).json).not.toHaveProperty("errors");
    expect((await graphql(s, remove, { id })).json).toMatchObject({ errors: [{ type: "NOT_FOUND" }] });
  });

  test("without discussions: write the writes are FORBIDDEN", async () => {
    const s = await start({ installation_permissions: { ...OPTED_IN, discussions: "read" } });
    seedDiscussion(s);
    const update = `mutation($id: ID!) { updateDiscussion(input: { discussionId: $id, title: "t" }) { discussion { id } } }`;
    expect((await graphql(s, update, { id: "D_kw9" })).json).toMatchObject({ errors: [{ type: "FORBIDDEN" }] });
  });
});

describe("each repair applied twice through the adapter changes GitHub once", () => {
  const rows: [string, Effect, (s: StandIn) => void, Partial<World>][] = [
    ["cancel_workflow_run (the second is GitHub's 409)", { kind: "cancel_workflow_run", runId: 77 }, (s) => seedRun(s, "in_progress"), {}],
    ["set_release_draft", { kind: "set_release_draft", releaseId: 600, draft: true }, seedRelease, {}],
    ["remove_requested_reviewer", { kind: "remove_requested_reviewer", number: 42, login: accounts.agent.login }, seedPull, {}],
    [
      "disable_auto_merge (the second reads it off and sends nothing)",
      { kind: "disable_auto_merge", prNodeId: "PR_kw42", number: 42 },
      seedPull,
      {},
    ],
    [
      "create_discussion re-posting a held one (the second finds the marker)",
      { kind: "create_discussion", repositoryNodeId: REPO_NODE, categoryNodeId: "DIC_kw1", title: "t", body: "b", repostOf: 9 },
      seedDiscussion,
      {},
    ],
    ["delete_discussion", { kind: "delete_discussion", discussionNodeId: "D_kw9", number: 9 }, seedDiscussion, {}],
    ["cut_off_agent remove_collaborator", { kind: "cut_off_agent", login: "dev", how: "remove_collaborator" }, () => {}, {}],
    [
      "cut_off_agent block_user",
      { kind: "cut_off_agent", login: "dev", how: "block_user" },
      () => {},
      { installation_permissions: { ...OPTED_IN, organization_user_blocking: "write" } },
    ],
  ];

  test.each(rows)("%s", async (_name, effect, seed, world) => {
    const s = await start(world);
    seed(s);
    const github = createOctokitAdapter(octokitFor(s));
    const repo = { owner: "acme", repo: "widgets" };
    const first = await applyEffect(github, repo, effect, { appLogin: "agent-guardrails[bot]" });
    const writes = () =>
      s.requests.filter((r) => r.method !== "GET" && !(r.path === "/graphql" && /^(node)$/.test(r.operation ?? ""))).length;
    const afterFirst = writes();
    const second = await applyEffect(github, repo, effect, { appLogin: "agent-guardrails[bot]" });
    expect(s.invalid).toEqual([]);
    if (effect.kind === "create_discussion") {
      expect(second).toEqual(first);
      expect(writes()).toBe(afterFirst);
    }
    if (effect.kind === "disable_auto_merge") expect(writes()).toBe(afterFirst);
    if (effect.kind === "cancel_workflow_run") expect([first, second]).toEqual([{ alreadyFinished: false }, { alreadyFinished: true }]);
    if (effect.kind === "cut_off_agent" && effect.how === "remove_collaborator") {
      // The role read before the removal; the retry's read finds only the public repository's read.
      expect(first).toEqual({ permission: "write" });
      expect((await call(s, "GET", "/repos/acme/widgets/collaborators/dev")).status).toBe(404);
    }
  });
});
