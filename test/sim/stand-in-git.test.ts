import { afterEach, describe, expect, test } from "@jest/globals";
import type { StandIn } from "../../src/sim/github-stand-in.js";
import type { World } from "../../src/sim/scenario.js";
import { call, pullPayload, repository, sha, startStandIn } from "./stand-in-client.js";

let standIn: StandIn | undefined;
afterEach(() => standIn?.close());
async function start(overrides: Partial<World> = {}): Promise<StandIn> {
  standIn = await startStandIn(overrides);
  return standIn;
}

const push = (s: StandIn, ref: string, before: string, after: string, paths: string[] = ["a.ts"]) =>
  s.observe("push", { ref, before, after, commits: [{ id: after, modified: paths }], repository });

describe("refs", () => {
  test("a protected branch refuses a direct update and a delete with 422; an unprotected one fast-forwards", async () => {
    const s = await start({ protected_branches: ["main"] });
    push(s, "refs/heads/main", sha("1"), sha("2"));
    push(s, "refs/heads/feature", sha("1"), sha("3"));
    // A revert: a new commit on main's tip carrying the tree of the push's `before`.
    const tree = ((await call(s, "GET", `/repos/acme/widgets/git/commits/${sha("1")}`)).json?.tree as { sha: string }).sha;
    const commit = await call(s, "POST", "/repos/acme/widgets/git/commits", { message: "m", tree, parents: [sha("2")] });
    expect(commit.status).toBe(201);
    const refused = await call(s, "PATCH", "/repos/acme/widgets/git/refs/heads/main", { sha: commit.json?.sha, force: false });
    expect(refused).toMatchObject({ status: 422, json: { message: "Protected branch update failed for refs/heads/main." } });
    expect((await call(s, "DELETE", "/repos/acme/widgets/git/refs/heads/main")).status).toBe(422);
    expect((await call(s, "GET", "/repos/acme/widgets/git/ref/heads/main")).json).toMatchObject({ object: { sha: sha("2") } });
    expect((await call(s, "PATCH", "/repos/acme/widgets/git/refs/heads/feature", { sha: sha("2") })).json).toMatchObject({
      message: "Update is not a fast forward",
    });
    expect((await call(s, "DELETE", "/repos/acme/widgets/git/refs/heads/feature")).status).toBe(204);
    expect((await call(s, "PATCH", "/repos/acme/widgets/git/refs/heads/feature", { sha: sha("2") })).json).toMatchObject({
      message: "Reference does not exist",
    });
  });

  test("creating a branch works once; again is 'Reference already exists'; an unknown sha is refused", async () => {
    const s = await start();
    push(s, "refs/heads/main", sha("1"), sha("2"));
    expect((await call(s, "POST", "/repos/acme/widgets/git/refs", { ref: "refs/heads/new", sha: sha("2") })).status).toBe(201);
    expect((await call(s, "POST", "/repos/acme/widgets/git/refs", { ref: "refs/heads/new", sha: sha("2") })).json).toMatchObject({
      message: "Reference already exists",
    });
    expect((await call(s, "POST", "/repos/acme/widgets/git/refs", { ref: "refs/heads/other", sha: sha("9") })).status).toBe(422);
    expect((await call(s, "GET", "/repos/acme/widgets/git/ref/heads/new")).json).toMatchObject({ object: { sha: sha("2") } });
  });
});

describe("opening and finding pull requests", () => {
  test("head must be an existing branch; a second open PR for the same head and base is refused; the list filters by head", async () => {
    const s = await start();
    const invalid = await call(s, "POST", "/repos/acme/widgets/pulls", { title: "t", head: "nope", base: "main" });
    expect(invalid).toMatchObject({
      status: 422,
      json: { message: "Validation Failed", errors: [{ resource: "PullRequest", field: "head", code: "invalid" }] },
    });
    push(s, "refs/heads/promote", sha("1"), sha("2"));
    const opened = await call(s, "POST", "/repos/acme/widgets/pulls", { title: "t", head: "promote", base: "main" });
    expect(opened).toMatchObject({ status: 201, json: { state: "open", head: { ref: "promote", sha: sha("2") }, base: { ref: "main" } } });
    const again = await call(s, "POST", "/repos/acme/widgets/pulls", { title: "t", head: "acme:promote", base: "main" });
    expect(again).toMatchObject({ status: 422, json: { errors: [{ message: "A pull request already exists for acme:promote." }] } });
    s.observe("pull_request", pullPayload(40, "agent/x", sha("a")));
    const listed = await call(s, "GET", "/repos/acme/widgets/pulls?head=acme:promote&state=open");
    expect((listed.json as unknown as { number: number }[]).map((p) => p.number)).toEqual([opened.json?.number]);
    expect(((await call(s, "GET", "/repos/acme/widgets/pulls?base=main")).json as unknown as unknown[]).length).toBe(2);
    expect(await call(s, "GET", "/repos/acme/widgets/pulls?state=closed")).toMatchObject({ json: [] });
  });

  test("a merged PR cannot be reopened", async () => {
    const s = await start();
    s.observe("pull_request", pullPayload(3, "agent/x", sha("a"), { state: "closed", merged: true }));
    expect((await call(s, "PATCH", "/repos/acme/widgets/pulls/3", { state: "open" })).status).toBe(422);
  });
});

describe("a files step", () => {
  test("changes the default branch's files from that moment and moves main to a child of its old tip", async () => {
    const s = await start();
    const before = (await call(s, "GET", "/repos/acme/widgets/git/ref/heads/main")).json?.object as { sha: string };
    const tip = s.commitFiles({
      "docs/new.md": "hello",
      ".github/agent-guardrails.yml": null,
      "acme/.github:.github/agent-guardrails.yml": "owner: maint\n",
    });
    expect((await call(s, "GET", "/repos/acme/widgets/contents/docs/new.md")).status).toBe(200);
    expect((await call(s, "GET", "/repos/acme/widgets/contents/.github/agent-guardrails.yml")).status).toBe(404);
    expect((await call(s, "GET", "/repos/acme/.github/contents/.github/agent-guardrails.yml")).status).toBe(200);
    expect((await call(s, "GET", "/repos/acme/widgets/git/ref/heads/main")).json).toMatchObject({ object: { sha: tip } });
    expect((await call(s, "GET", `/repos/acme/widgets/git/commits/${tip}`)).json).toMatchObject({ parents: [{ sha: before.sha }] });
  });
});

describe("contents at a ref", () => {
  test("?ref= reads the files of a commit the stand-in made; a ref update to a commit carrying its tree (a revert) restores them", async () => {
    const s = await start();
    const before = ((await call(s, "GET", "/repos/acme/widgets/git/ref/heads/main")).json?.object as { sha: string }).sha;
    const old = (await call(s, "GET", "/repos/acme/widgets/contents/.github/agent-guardrails.yml")).json?.content;
    const tip = s.commitFiles({ ".github/agent-guardrails.yml": "mode: observe\n" });
    expect((await call(s, "GET", `/repos/acme/widgets/contents/.github/agent-guardrails.yml?ref=${before}`)).json?.content).toBe(old);
    expect((await call(s, "GET", `/repos/acme/widgets/contents/.github/agent-guardrails.yml?ref=${tip}`)).json?.content).not.toBe(old);
    expect((await call(s, "GET", `/repos/acme/widgets/contents/.github/agent-guardrails.yml?ref=${"9".repeat(40)}`)).status).toBe(404);

    const tree = ((await call(s, "GET", `/repos/acme/widgets/git/commits/${before}`)).json?.tree as { sha: string }).sha;
    const revert = (
      (await call(s, "POST", "/repos/acme/widgets/git/commits", { message: "revert", tree, parents: [tip] })).json as { sha: string }
    ).sha;
    expect((await call(s, "PATCH", "/repos/acme/widgets/git/refs/heads/main", { sha: revert })).status).toBe(200);
    expect((await call(s, "GET", "/repos/acme/widgets/contents/.github/agent-guardrails.yml")).json?.content).toBe(old);
  });
});
