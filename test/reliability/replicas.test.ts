/**
 * Nothing lost, nothing twice: real app processes on one PostgreSQL, a burst sprayed across them
 * with duplicates, and kill -9 at the boundaries of a delivery's steps, then recovery by another
 * replica or a restart. Asserted on what GitHub (the stand-in) received and on the audit log.
 */
import { parseConfigFile } from "../../src/config/parse-config-file.js";
import { afterEach, describe, expect, test } from "@jest/globals";
import { randomUUID } from "node:crypto";
import type { RecordedRequest } from "../../src/sim/github-stand-in.js";
import type { World } from "../../src/sim/scenario.js";
import { accounts, issueCommentEvent } from "../fixtures/webhook-examples.js";
import { testWorld } from "../app/stand-in-harness.js";
import { startCluster, type Cluster } from "./cluster.js";

function world(config: string): World {
  // A config that does not parse would put the strict defaults in force and test something else.
  expect(parseConfigFile("test", config).issues).toEqual([]);
  const base = testWorld(config);
  return { ...base, permissions: { ...base.permissions, "copilot-swe-agent[bot]": "write" } };
}

const HIDE = 'mode: enforce\nowner: maint\nagents: ["copilot-swe-agent[bot]"]\npolicy: { comment: hide }\n';

let cluster: Cluster | undefined;
afterEach(async () => {
  const invalid = cluster?.standIn.invalid ?? [];
  await cluster?.close();
  cluster = undefined;
  // Every process sent only what GitHub accepts.
  expect(invalid).toEqual([]);
});

const comment = (i: number, number = 7) => issueCommentEvent(accounts.agent, { number, commentId: 10_000 + i, body: `status update ${i}` });
const nodeOf = (i: number) => `IC_${10_000 + i}`;

/**
 * How many times each comment was put out of sight: a successful minimizeComment (its node id) or
 * DELETE of it (what containment does on arrival once the breaker is open), or a DELETE that found
 * it gone already.
 */
function hiddenTimes(c: Cluster): Map<string, number> {
  const times = new Map<string, number>();
  const add = (id: string) => times.set(id, (times.get(id) ?? 0) + 1);
  for (const r of c.standIn.requests as RecordedRequest[]) {
    if (r.operation === "minimizeComment" && r.status === 200) add(String(r.variables?.subjectId));
    // 404: already gone (a retry after a lost answer to the DELETE that removed it).
    const deleted =
      r.method === "DELETE" && (r.status === 204 || r.status === 404)
        ? /^\/repos\/acme\/widgets\/issues\/comments\/(\d+)$/.exec(r.path)
        : null;
    if (deleted) add(`IC_${deleted[1]}`);
  }
  return times;
}

/** Every delivery processed and every due effect applied (paced ones may wait). */
async function settled(c: Cluster): Promise<boolean> {
  const [inbox] = await c.query<{ n: string }>("select count(*) as n from inbox where status = 'pending'");
  const [effects] = await c.query<{ n: string }>("select count(*) as n from effects where status = 'pending'");
  return Number(inbox!.n) === 0 && Number(effects!.n) === 0;
}

/** Agent action rows per delivery id (not the effects applied for it, nor the trip it caused). */
async function auditedPerDelivery(c: Cluster): Promise<Map<string, number>> {
  const rows = await c.query<{ delivery_id: string; n: string }>(
    "select delivery_id, count(*) as n from audit where action not like 'effect.%' and action not like 'breaker.%' and delivery_id is not null group by delivery_id",
  );
  return new Map(rows.map((r) => [r.delivery_id, Number(r.n)]));
}

const incidentIssues = (c: Cluster) =>
  c.writes().filter((r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues" && r.status === 201);

describe("three replicas on one PostgreSQL", () => {
  test("a burst of 40 agent comments sprayed across them, 10 sent to two replicas at once: each audited once, one trip, one incident, each comment hidden (or deleted) once", async () => {
    cluster = await startCluster({ world: world(HIDE), replicas: 3 });
    const c = cluster;
    const ids = Array.from({ length: 40 }, () => randomUUID());
    const statuses = await Promise.all(
      ids.flatMap((id, i) => [
        c.deliver(i % 3, "issue_comment", comment(i), id),
        ...(i % 4 === 0 ? [c.deliver((i + 1) % 3, "issue_comment", comment(i), id)] : []),
      ]),
    );
    // Each copy is stored and answered, new (202) or known (200), before anything is decided.
    expect(statuses.every((s) => s === 202 || s === 200)).toBe(true);
    expect(statuses.filter((s) => s === 202).length).toBeGreaterThanOrEqual(40);
    await c.waitFor("the burst to settle", () => settled(c));

    const audited = await auditedPerDelivery(c);
    expect(ids.map((id) => audited.get(id))).toEqual(ids.map(() => 1));
    const breakers = await c.query<{ trip_id: number; state: string }>(
      "select trip_id, state from breakers where agent = 'copilot-swe-agent[bot]'",
    );
    expect(breakers).toEqual([{ trip_id: 1, state: "open" }]);
    expect(incidentIssues(c)).toHaveLength(1);
    const times = hiddenTimes(c);
    expect(ids.map((_, i) => times.get(nodeOf(i)) ?? 0)).toEqual(ids.map(() => 1));
  }, 120_000);
});

describe("a replica killed mid-burst", () => {
  test("deliveries it took are finished by the others; those sent while it was down are found in GitHub's delivery log and redelivered: none lost", async () => {
    cluster = await startCluster({ world: world(HIDE), replicas: 3 });
    const c = cluster;
    const ids = Array.from({ length: 60 }, () => randomUUID());
    const statuses: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (i === 20) await c.kill(0);
      statuses.push(await c.deliver(i % 3, "issue_comment", comment(i), ids[i]));
    }
    expect(statuses.filter((s) => s === 0).length).toBe(13);
    await c.waitFor("every delivery audited", async () => (await auditedPerDelivery(c)).size === 60, 60_000);
    await c.waitFor("settled", () => settled(c));
    const audited = await auditedPerDelivery(c);
    expect(ids.map((id) => audited.get(id))).toEqual(ids.map(() => 1));
    // Every comment out of sight, each by one outbox row applied once. A hide in flight when the
    // replica died may reach GitHub twice (its claim ran out and another replica sent it again):
    // hiding and deleting are idempotent there, so the comment is still hidden once.
    const times = hiddenTimes(c);
    expect(ids.every((_, i) => (times.get(nodeOf(i)) ?? 0) >= 1)).toBe(true);
    const [applied] = await c.query<{ n: string }>(
      "select count(*) as n from effects where kind in ('minimize_comment', 'delete_comment') and status = 'applied'",
    );
    expect(Number(applied!.n)).toBe(60);
    // The 13 refused while it was down came back as GitHub's redeliveries. One is asked for again
    // only if the job's lease passed to another replica before GitHub logged the first: the inbox
    // dedupes it (each is audited once above).
    const redeliveries = c.standIn.deliveries.filter((d) => d.redelivery);
    expect(new Set(redeliveries.map((d) => d.guid)).size).toBe(13);
    expect(redeliveries.length).toBeLessThanOrEqual(26);
    // The breaker tripped once; if the kill landed between its compare-and-set and the plan, the
    // repair sweep plans it (after its grace period): one incident either way.
    await c.waitFor("the incident issue", () => incidentIssues(c).length > 0, 40_000);
    await c.waitFor("settled", () => settled(c));
    expect((await c.query<{ trip_id: number }>("select trip_id from breakers")).map((b) => b.trip_id)).toEqual([1]);
    expect(incidentIssues(c)).toHaveLength(1);
  }, 120_000);
});

describe("kill -9 at a step boundary, then another replica carries on", () => {
  test("after persist, before the decision (the config read hangs): the other replica decides it once the lease ends", async () => {
    cluster = await startCluster({ world: world(HIDE), replicas: 2 });
    const c = cluster;
    c.standIn.setFaults([{ match: "^GET /repos/acme/widgets/contents/", status: 502, hang_ms: 120_000 }]);
    const id = randomUUID();
    expect(await c.deliver(0, "issue_comment", comment(1), id)).toBe(202);
    await c.waitFor("replica 0 to read the config", () =>
      c.standIn.requests.some((r) => r.path.startsWith("/repos/acme/widgets/contents/")),
    );
    await c.kill(0);
    c.standIn.setFaults([]);
    await c.waitFor("replica 1 to hide the comment", () => hiddenTimes(c).get(nodeOf(1)) === 1);
    await c.waitFor("settled", () => settled(c));
    expect((await auditedPerDelivery(c)).get(id)).toBe(1);
    expect(await c.query("select status from inbox where delivery_id = $1", [id])).toEqual([{ status: "done" }]);
  }, 90_000);

  test("after the decision was committed, before its GitHub write was applied (the hide hangs unapplied): the other replica applies it once the claim's lease ends", async () => {
    cluster = await startCluster({ world: world(HIDE), replicas: 2 });
    const c = cluster;
    c.standIn.setFaults([{ match: "^minimizeComment$", status: 502, hang_ms: 120_000 }]);
    const id = randomUUID();
    expect(await c.deliver(0, "issue_comment", comment(1), id)).toBe(202);
    await c.waitFor("replica 0 to send the hide", () => c.standIn.requests.some((r) => r.operation === "minimizeComment"));
    await c.kill(0);
    c.standIn.setFaults([]);
    await c.waitFor("replica 1 to hide the comment", () => hiddenTimes(c).get(nodeOf(1)) === 1);
    await c.waitFor("settled", () => settled(c));
    expect((await auditedPerDelivery(c)).get(id)).toBe(1);
    const applied = await c.query("select status, attempts from effects where kind = 'minimize_comment'");
    expect(applied).toEqual([{ status: "applied", attempts: 1 }]);
  }, 90_000);

  test("after the incident issue was created on GitHub, before the answer arrived: restarted, it finds the issue and opens no second one", async () => {
    cluster = await startCluster({ world: world(HIDE), replicas: 1 });
    const c = cluster;
    // GitHub creates the issue, then the answer never comes.
    c.standIn.setFaults([{ match: "^POST /repos/acme/widgets/issues$", status: 502, after: true, hang_ms: 120_000 }]);
    for (let i = 0; i < 12; i++) expect(await c.deliver(0, "issue_comment", comment(i), randomUUID())).toBe(202);
    await c.waitFor("the incident issue to be created", () =>
      c.standIn.requests.some((r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues"),
    );
    await c.kill(0);
    c.standIn.setFaults([]);
    await c.start(0);
    await c.waitFor("containment to finish", () => settled(c), 60_000);
    const created = c.standIn.requests.filter((r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues");
    expect(created).toHaveLength(1);
    const [breaker] = await c.query<{ trip_id: number }>("select trip_id from breakers");
    expect(breaker?.trip_id).toBe(1);
  }, 90_000);

  test("during a containment of 45 comments: the other replica finishes it, every comment hidden, each effect applied once", async () => {
    const config =
      'mode: enforce\nowner: maint\nagents: ["copilot-swe-agent[bot]"]\npolicy: { comment: allow }\nlimits: { comments_per_hour: 45, burst: { actions: 100, seconds: 60 } }\n';
    cluster = await startCluster({ world: world(config), replicas: 2 });
    const c = cluster;
    for (let i = 0; i < 45; i++) expect(await c.deliver(0, "issue_comment", comment(i), randomUUID())).toBe(202);
    await c.waitFor("the 45 allowed comments to be audited", async () => (await auditedPerDelivery(c)).size === 45);
    // A slow GitHub (each hide answered after 200 ms), so that the kill lands mid-drain.
    c.standIn.setFaults([{ match: "^minimizeComment$", delay_ms: 200 }]);
    expect(await c.deliver(0, "issue_comment", comment(45), randomUUID())).toBe(202);
    await c.waitFor("containment to start", () => hiddenTimes(c).size >= 8);
    await c.kill(0);
    await c.waitFor("replica 1 to finish containment", () => settled(c), 60_000);
    const times = hiddenTimes(c);
    const hidden = Array.from({ length: 46 }, (_, i) => times.get(nodeOf(i)) ?? 0);
    expect(hidden.every((n) => n >= 1)).toBe(true);
    // On GitHub a hide is idempotent; in the outbox each comment was hidden (or deleted) once.
    const applied = await c.query<{ n: string }>(
      "select count(*) as n from effects where kind in ('minimize_comment', 'delete_comment') and status = 'applied'",
    );
    expect(Number(applied[0]!.n)).toBe(46);
    const failed = await c.query("select kind, last_error from effects where status = 'failed'");
    expect(failed).toEqual([]);
  }, 120_000);
});

describe("GitHub failing a planned share of calls", () => {
  test("5xx before and after applying, 403 secondary limits, 429 with retry-after, hangs, failing reads: each action audited once, each effect applied once or visibly pending, no duplicate issue", async () => {
    cluster = await startCluster({ world: world(HIDE), replicas: 3 });
    const c = cluster;
    c.standIn.setFaults([
      // Writes: refused before applying, applied with the answer lost, limited, hung past the timeout.
      { match: "^minimizeComment$", status: 500, hang_ms: 5_000, times: 1 },
      { match: "^minimizeComment$", status: 502, every: 3 },
      { match: "^POST /repos/acme/widgets/issues$", status: 502, after: true, times: 1 },
      { match: "^DELETE /repos/acme/widgets/issues/comments/", status: 403, retry_after: 1, every: 4 },
      { match: "^DELETE /repos/acme/widgets/issues/comments/", status: 502, after: true, every: 3 },
      { match: "^minimizeComment$", status: 429, retry_after: 1, every: 4 },

      // Reads before a decision.
      { match: "^GET /repos/acme/widgets/contents/", status: 500, every: 2, times: 3 },
    ]);
    const ids = Array.from({ length: 30 }, () => randomUUID());
    await Promise.all(ids.map((id, i) => c.deliver(i % 3, "issue_comment", comment(i), id)));
    await c.waitFor("every delivery audited", async () => (await auditedPerDelivery(c)).size === 30, 60_000);
    await c.waitFor("the outbox to drain", () => settled(c), 90_000);

    // The faults did happen (else this would test nothing).
    const answered = new Set(c.standIn.requests.map((r) => `${r.operation ?? r.method} ${r.status}`));
    for (const hit of [
      "minimizeComment 502",
      "minimizeComment 429",
      "POST 502",
      "DELETE 403",
      "DELETE 502",
      "minimizeComment 500",
      "GET 500",
    ])
      expect([hit, answered.has(hit)]).toEqual([hit, true]);
    const audited = await auditedPerDelivery(c);
    expect(ids.map((id) => audited.get(id))).toEqual(ids.map(() => 1));
    // Nothing failed for good: a transient failure was retried by the outbox (never by the Octokit).
    expect(await c.query("select kind, last_error from effects where status = 'failed'")).toEqual([]);
    // Each comment out of sight; the incident issue once although its first answer was lost.
    const times = hiddenTimes(c);
    expect(ids.every((_, i) => (times.get(nodeOf(i)) ?? 0) >= 1)).toBe(true);
    expect(c.standIn.requests.filter((r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues")).toHaveLength(1);
    const [breaker] = await c.query<{ trip_id: number }>("select trip_id from breakers");
    expect(breaker?.trip_id).toBe(1);
    // Each outbox row applied once: as many successful writes per comment as rows that target it.
    const rows = await c.query<{ kind: string; n: string }>(
      "select kind, count(*) as n from effects where status = 'applied' group by kind",
    );
    const applied = Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
    expect((applied.minimize_comment ?? 0) + (applied.delete_comment ?? 0)).toBe(30);
  }, 180_000);
});
