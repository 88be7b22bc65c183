import { afterEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { fakeSha } from "../../src/sim/stand-in-state.js";
import { accounts, amokAgent, issueCommentEvent, pushEvent } from "../fixtures/webhook-examples.js";
import { startStandInApp, writesOf, type StandInApp } from "./stand-in-harness.js";

/**
 * "An agent that knows the rules cannot switch them off": an agent's push that rewrites
 * `.github/agent-guardrails.yml` is judged by the config before it, which stays in force until a
 * human's push changes the file; and a trip observed in observe mode never opens the breaker.
 * Through the real app against the GitHub stand-in.
 */
/** Not among the default agents (those are always listed): removing it from the file would unlist it. */
const AGENT = amokAgent.login;
const PATH = ".github/agent-guardrails.yml";
const AGENTS = `agents: ["${AGENT}"]`;
const CONFIG = ["owner: maint", AGENTS, "approvers: write"].join("\n");
/** The initial tip of acme/widgets' default branch in the stand-in. */
const TIP = fakeSha("acme/widgets:heads/main");
const T0 = Date.parse("2026-11-20T09:00:00.000Z");

const apps: StandInApp[] = [];
afterEach(async () => {
  nock.cleanAll();
  for (const app of apps.splice(0)) await app.close();
});

async function start(config = CONFIG): Promise<StandInApp> {
  const app = await startStandInApp({ config });
  apps.push(app);
  return app;
}

function at(app: StandInApp, seconds: number): void {
  app.now.value = new Date(T0 + seconds * 1000);
}

/** `sender` commits `text` as the config on the default branch and the push is delivered. */
async function pushConfig(
  app: StandInApp,
  sender: typeof amokAgent | typeof accounts.maint,
  text: string,
  before: string,
): Promise<string> {
  const after = app.standIn.commitFiles({ [PATH]: text });
  await app.receive("push", pushEvent(sender, { before, after, paths: [PATH] }));
  return after;
}

/** The agent's harmless comment on a human's issue: hidden by the permission table, or deleted when halted. */
async function agentComments(app: StandInApp, commentId: number): Promise<string[]> {
  const from = app.standIn.requests.length;
  await app.receive("issue_comment", issueCommentEvent(amokAgent, { number: 5, commentId, body: "harmless" }));
  return writesOf(app.requestsSince(from)).map((r) => r.operation ?? `${r.method} ${r.path}`);
}

async function revertRows(app: StandInApp) {
  return (await app.store.listAudit({ action: "effect.revert_push" })).map((row) => row.verdict);
}

describe("bypass: an agent rewriting the config escaped it", () => {
  test("agent push writing mode: observe is judged in enforce: trips protected, revert applied, incident opened, later comment still contained", async () => {
    const app = await start();
    at(app, 0);
    await pushConfig(app, amokAgent, `mode: observe\n${CONFIG}`, TIP);

    const trips = await app.store.listAudit({ action: "breaker.tripped" });
    expect(trips.map((row) => [row.verdict, row.detail.reason, row.detail.mode])).toEqual([["contained", "protected", "enforce"]]);
    expect(await revertRows(app)).toContain("applied");
    expect(await revertRows(app)).not.toContain("planned");
    expect((await app.store.listAudit({ action: "effect.ensure_incident_issue" })).map((row) => row.verdict)).toEqual(["applied"]);
    // The revert put the human's file back on the default branch.
    expect(app.standIn.world.files[PATH]).toBe(CONFIG);
    expect((await app.store.breakers()).map((b) => [b.agent, b.state])).toEqual([[AGENT, "open"]]);

    at(app, 60);
    const writes = await agentComments(app, 901);
    expect(writes.length).toBeGreaterThan(0);
    expect((await app.store.listAudit({ actor: AGENT, action: "issue_comment.created" })).map((row) => row.detail.mode)).toEqual([
      "enforce",
    ]);
  });

  test("agent push removing itself from agents is audited, trips, is reverted, and its later comment is still hidden and audited", async () => {
    const app = await start();
    at(app, 0);
    await pushConfig(app, amokAgent, ["owner: maint", "agents: []", "approvers: write"].join("\n"), TIP);

    const pushes = await app.store.listAudit({ actor: AGENT, action: "push" });
    expect(pushes.map((row) => [row.actorKind, row.verdict])).toEqual([["agent", "contained"]]);
    expect((await app.store.listAudit({ action: "breaker.tripped" })).map((row) => row.detail.reason)).toEqual(["protected"]);
    expect(await revertRows(app)).toContain("applied");
    expect(app.standIn.world.files[PATH]).toBe(CONFIG);

    at(app, 60);
    expect((await agentComments(app, 902)).length).toBeGreaterThan(0);
    expect((await app.store.listAudit({ actor: AGENT, action: "issue_comment.created" })).map((row) => row.actorKind)).toEqual(["agent"]);
  });

  test("the held config outlives the cache: two days later, with the agent's file back on the branch unannounced, the agent is still judged by the old one", async () => {
    const app = await start([CONFIG, "breaker: { trip_on: [rate] }"].join("\n"));
    at(app, 0);
    const agentFile = ["owner: maint", "agents: []", "policy: { comment: allow }"].join("\n");
    await pushConfig(app, amokAgent, agentFile, TIP);
    expect(await revertRows(app)).toEqual(["applied"]);
    app.standIn.commitFiles({ [PATH]: agentFile }); // a push whose webhook never came

    at(app, 2 * 24 * 3600);
    expect(await agentComments(app, 903)).toEqual(["minimizeComment"]);
    expect((await app.store.listAudit({ actor: AGENT, action: "issue_comment.created" })).map((row) => row.actorKind)).toEqual(["agent"]);
  });

  test("a human's push carrying an agent's commit that changes the config is judged by the config before it", async () => {
    const app = await start();
    at(app, 0);
    const after = app.standIn.commitFiles({ [PATH]: "mode: observe\nagents: []\n" });
    const push = pushEvent(accounts.maint, { before: TIP, after, paths: [PATH] });
    const commits = push.commits as Record<string, unknown>[];
    commits[0]!.author = { name: AGENT, email: "agent@example.com", username: AGENT };
    await app.receive("push", push);

    expect((await app.store.listAudit({ action: "breaker.tripped" })).map((row) => row.detail.reason)).toEqual(["protected"]);
    expect(await revertRows(app)).toContain("applied");
    expect(app.standIn.world.files[PATH]).toBe(CONFIG);
  });

  test("a human's push changing the config applies at once", async () => {
    const app = await start();
    at(app, 0);
    await pushConfig(app, accounts.maint, `mode: observe\n${CONFIG}`, TIP);
    at(app, 60);
    expect(await agentComments(app, 904)).toEqual([]);
    const [row] = await app.store.listAudit({ actor: AGENT, action: "issue_comment.created" });
    expect(row?.detail.mode).toBe("observe");
  });

  test("a human's push lifts an agent's hold: the human's file applies at once", async () => {
    const app = await start([CONFIG, "breaker: { trip_on: [rate] }"].join("\n"));
    at(app, 0);
    await pushConfig(app, amokAgent, `mode: observe\n${CONFIG}`, TIP);
    const reverted = app.standIn.commitFiles({}); // the tip after the revert, as far as a push's `before` goes
    expect(app.standIn.world.files[PATH]).toBe([CONFIG, "breaker: { trip_on: [rate] }"].join("\n"));

    at(app, 60);
    await pushConfig(app, accounts.maint, ["owner: maint", "agents: []", "mode: observe"].join("\n"), reverted);
    at(app, 120);
    // The agent is no longer listed: its comment is a bot's, neither hidden nor audited as an agent's.
    expect(await agentComments(app, 905)).toEqual([]);
    expect(await app.store.listAudit({ action: "issue_comment.created", actor: AGENT })).toEqual([]);
  });
});

describe("bypass: a trip in observe mode opened the breaker for real", () => {
  test("observed trip, then a human switches to enforce: the agent's next harmless comment goes through the permission table, no breaker is open", async () => {
    const app = await start([CONFIG, "mode: observe", "limits: { burst: { actions: 2, seconds: 60 } }"].join("\n"));
    for (let i = 0; i < 3; i++) {
      at(app, i);
      await app.receive("issue_comment", issueCommentEvent(amokAgent, { number: 5, commentId: 600 + i }));
    }
    const trips = await app.store.listAudit({ action: "breaker.tripped" });
    expect(trips.map((row) => [row.verdict, row.detail.reason, row.detail.mode, row.detail.observed])).toEqual([
      ["planned", "burst", "observe", true],
    ]);
    expect(await app.store.breakers()).toEqual([]);
    expect(writesOf(app.standIn.requests)).toEqual([]);

    at(app, 3_600);
    await pushConfig(app, accounts.maint, CONFIG, TIP);
    await app.guardrails.sweep();
    expect(writesOf(app.standIn.requests)).toEqual([]); // no incident, nothing drained from the observed plan

    at(app, 3_700);
    const writes = await agentComments(app, 700);
    expect(writes).toEqual(["minimizeComment"]); // hidden (comment: hide), not deleted as a halted agent's
    const [row] = await app.store.listAudit({ actor: AGENT, action: "issue_comment.created", limit: 1 });
    expect(row?.verdict).not.toBe("contained");
    expect(await app.store.breakers()).toEqual([]);
  });
});
