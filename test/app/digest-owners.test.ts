import { afterEach, describe, expect, test } from "@jest/globals";
import { accounts, amokAgent, issueCommentEvent, issueOpenedEvent } from "../fixtures/webhook-examples.js";
import { describeRequests, startStandInApp, type StandInApp } from "./stand-in-harness.js";

const CONFIG = [
  "owner: maint",
  "agents:",
  '  - login: "amok-agent[bot]"',
  "    owner: acme/bots",
  '  - "copilot-swe-agent[bot]"',
  "digest: weekly",
].join("\n");
let app: StandInApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const digestPosts = (a: StandInApp) =>
  a.standIn.requests
    .filter(
      (r) =>
        r.method === "POST" &&
        /^\/repos\/[^/]+\/[^/]+\/issues$/.test(r.path) &&
        String((r.body as { title?: string }).title).startsWith("Agent guardrails digest:"),
    )
    .map((r) => ({
      path: r.path,
      title: (r.body as { title: string }).title,
      assignees: (r.body as { assignees?: string[] }).assignees ?? [],
    }));

describe("one digest per owner, where the org keeps its config", () => {
  test("an agent's own owner (a team: not assigned) and the repository's owner each get theirs, in the org's .github repository", async () => {
    app = await startStandInApp({
      config: CONFIG,
      now: { value: new Date("2026-12-02T09:00:00Z") },
      world: { files: { ".github/agent-guardrails.yml": CONFIG, "acme/.github:.github/agent-guardrails.yml": "digest: weekly\n" } },
    });
    await app.receive("issues", issueOpenedEvent(amokAgent, 30));
    await app.receive("issue_comment", issueCommentEvent(accounts.agent, { number: 31, commentId: 7001 }));
    app.now.value = new Date("2026-12-07T00:00:00Z");
    const from = app.standIn.requests.length;
    await app.guardrails.digest();

    expect(digestPosts(app)).toEqual([
      { path: "/repos/acme/.github/issues", title: "Agent guardrails digest: acme/bots 2026-W49", assignees: [] },
      { path: "/repos/acme/.github/issues", title: "Agent guardrails digest: maint 2026-W49", assignees: ["maint"] },
    ]);
    // Each owner's issue names only their agents.
    const bodies = app.standIn.requests
      .filter((r) => r.method === "POST" && r.path === "/repos/acme/.github/issues")
      .map((r) => (r.body as { body: string }).body);
    expect(bodies.map((b) => [b.includes("amok-agent[bot]"), b.includes("copilot-swe-agent[bot]")])).toEqual([
      [true, false],
      [false, true],
    ]);
    // What the job read: the installation, the config as a delivery reads it (the cache is days
    // old), whether the org's repository is covered (once), and the lookup before each create.
    const list = "GET /repos/acme/.github/issues?state=all&sort=created&direction=desc&since=2026-12-07T00%3A00%3A00.000Z&per_page=100";
    expect(describeRequests(app.requestsSince(from)).filter((r) => r.startsWith("GET"))).toEqual([
      "GET /repos/acme/widgets/installation",
      "GET /repos/acme/.github/contents/.github/agent-guardrails.yml",
      "GET /repos/acme/widgets/contents/.github/agent-guardrails.yml",
      "GET /repos/acme/.github/installation",
      list,
      list,
    ]);
  });

  test("an owner GitHub refuses as assignee (no access to the repository): posted unassigned, once", async () => {
    const outsider = CONFIG.replace("owner: maint", "owner: departed-person");
    app = await startStandInApp({ config: outsider, now: { value: new Date("2026-12-02T09:00:00Z") } });
    await app.receive("issue_comment", issueCommentEvent(accounts.agent, { number: 31, commentId: 7001 }));
    app.now.value = new Date("2026-12-07T00:00:00Z");
    await app.guardrails.digest();
    const creates = app.standIn.requests.filter((r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues");
    expect(creates.map((r) => [r.status, (r.body as { assignees?: string[] }).assignees ?? []])).toEqual([
      [422, ["departed-person"]],
      [201, []],
    ]);
    expect((await app.store.listAudit({ action: "digest.posted" })).map((r) => r.detail.notAssigned)).toEqual(["departed-person"]);
  });

  test("a repository with digest: off leaves its agents out: no issue", async () => {
    const off = CONFIG.replace("digest: weekly", "digest: off");
    app = await startStandInApp({ config: off, now: { value: new Date("2026-12-02T09:00:00Z") } });
    await app.receive("issues", issueOpenedEvent(amokAgent, 30));
    app.now.value = new Date("2026-12-07T00:00:00Z");
    expect(await app.guardrails.digest()).toEqual([]);
    expect(digestPosts(app)).toEqual([]);
  });
});
