import { afterEach, describe, expect, test } from "@jest/globals";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { accounts, issueCommentEvent, pullRequestEvent } from "../fixtures/webhook-examples.js";
import { postgresDatabase, type TestDatabase } from "../store/store-backends.js";
import { startStandInApp, type StandInApp } from "./stand-in-harness.js";

const CONFIG = 'owner: maint\nagents: ["copilot-swe-agent[bot]"]\npolicy: { comment: hold }\ndigest: weekly\n';
const TITLE = "Agent guardrails digest: maint 2026-W49";

let database: TestDatabase | undefined;
const apps: StandInApp[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const app of apps.splice(0).reverse()) await app.close();
  for (const store of stores.splice(0)) await store.close();
  await database?.drop();
  database = undefined;
});

describe("the digest is created once per cluster", () => {
  test("two replicas sharing one PostgreSQL store, both running the job at the boundary: one issue", async () => {
    database = await postgresDatabase();
    const first = await startStandInApp({
      config: CONFIG,
      store: await openStore(database.url),
      now: { value: new Date("2026-12-01T09:00:00Z") },
    });
    apps.push(first);
    stores.push(first.store);
    const second = await startStandInApp({ standIn: first.standIn, now: first.now, store: await openStore(database.url) });
    apps.push(second);
    stores.push(second.store);

    await first.receive("pull_request", pullRequestEvent("opened", accounts.agent));
    first.now.value = new Date("2026-12-02T09:00:00Z");
    await second.receive("issue_comment", issueCommentEvent(accounts.agent, { number: 12, commentId: 5001 }));

    first.now.value = new Date("2026-12-07T00:00:00Z");
    const runs = await Promise.all([
      first.guardrails.digest(),
      second.guardrails.digest(),
      first.guardrails.digest(),
      second.guardrails.digest(),
    ]);
    // Later runs (the hourly retry, a restart) find the period done.
    first.now.value = new Date("2026-12-07T01:00:00Z");
    runs.push(await second.guardrails.digest(), await first.guardrails.digest());

    const created = first.standIn.requests.filter((r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues");
    expect(created.map((r) => (r.body as { title: string }).title)).toEqual([TITLE]);
    const [digest, ...more] = runs.flat();
    expect(more).toEqual([]);
    expect(digest).toMatchObject({ scope: "maint", period: "2026-W49", repo: "acme/widgets", created: true, agents: 1 });
    const posted = (await first.store.listAudit({ action: "digest.posted" })).map((r) => [r.repo, r.targetNumber, r.verdict]);
    expect(posted).toEqual([["acme/widgets", digest!.number, "applied"]]);
  });
});
