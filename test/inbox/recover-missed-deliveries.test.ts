import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { pino } from "pino";
import { recoverMissedDeliveries, type RecoverDeps } from "../../src/inbox/recover-missed-deliveries.js";
import type { Fault } from "../../src/sim/scenario.js";
import { appOctokitFor, startReceiver } from "../sim/hook-deliveries-client.js";
import { startGitHubStandIn, type StandIn } from "../../src/sim/github-stand-in.js";
import { standInWorld } from "../sim/stand-in-client.js";

const NOW = new Date("2026-12-03T12:00:00Z");
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
const log = pino({ level: "silent" });

let standIn: StandIn;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
async function start(faults: Fault[] = []): Promise<void> {
  // GitHub's clock is the run's: a redelivery is logged at NOW, after everything seeded before it.
  standIn = await startGitHubStandIn(standInWorld({ faults }), { clock: () => NOW });
  receiver = await startReceiver();
  standIn.useWebhook({ url: receiver.url, secret: "s" });
}
beforeEach(() => start());
afterEach(async () => {
  await standIn.close();
  await receiver.close();
});

/** A delivery GitHub logged `minutes` ago, answered `status` by the app. */
function delivered(guid: string, minutes: number, status: number, redelivery = false) {
  return standIn.recordDelivery({
    guid,
    event: "issues",
    payload: { action: "opened", issue: { number: 1 } },
    status_code: status,
    delivered_at: ago(minutes),
    redelivery,
  });
}

function recover(overrides: Partial<RecoverDeps> = {}) {
  return recoverMissedDeliveries({ octokit: appOctokitFor(standIn), known: () => Promise.resolve(false), now: NOW, log, ...overrides });
}

/** The guids the app received again, in order. */
async function redeliveredGuids(): Promise<string[]> {
  await standIn.redeliveriesSettled();
  return receiver.received.map((r) => String(r.headers["x-github-delivery"]));
}

const posts = () => standIn.requests.filter((r) => r.method === "POST" && r.path.startsWith("/app/hook/deliveries/"));

describe("which deliveries are redelivered", () => {
  test("failed ones, oldest first; not the ones that succeeded at any attempt, the app knows, or are older than the window", async () => {
    delivered("too-old", 25 * 60, 500);
    delivered("ok", 50, 200);
    delivered("down-then-ok", 40, 502);
    delivered("down-then-ok", 39, 200, true);
    delivered("ok-then-down", 35, 200);
    delivered("ok-then-down", 34, 500, true);
    delivered("failed-early", 30, 500);
    delivered("timed-out", 20, 0);
    delivered("known", 10, 500);
    const known = new Set(["known"]);
    const counts = await recover({ known: (guid) => Promise.resolve(known.has(guid)) });
    expect(await redeliveredGuids()).toEqual(["failed-early", "timed-out"]);
    expect(counts).toMatchObject({ listed: 8, failed: 3, known: 1, redelivered: 2, left: 0 });
    expect(standIn.invalid).toEqual([]);
  });

  test("a second run asks for nothing: the redeliveries succeeded, and the checkpoint stops the listing", async () => {
    delivered("earlier", 30, 200);
    delivered("missed", 5, 503);
    const asked = new Map<string, number>();
    const first = await recover({ asked });
    expect(await redeliveredGuids()).toEqual(["missed"]);
    const second = await recover({ asked, since: first.checkpoint });
    expect(first).toMatchObject({ listed: 2, failed: 1 });
    // The redelivery (logged at NOW) and the failed attempt at the checkpoint; not "earlier".
    expect(second).toMatchObject({ listed: 2, failed: 0, redelivered: 0 });
    expect(posts()).toHaveLength(1);
  });

  test("a redelivery asked for and not yet logged is pending: not asked again; once it fails too, the next run asks again", async () => {
    const original = delivered("slow", 5, 500);
    const asked = new Map([["slow", NOW.getTime() - 60_000]]);
    delivered("later", 1, 200);
    const waiting = await recover({ asked });
    expect(waiting).toMatchObject({ failed: 1, pending: 1, redelivered: 0 });
    // Not settled: the next run still looks back to it.
    expect(waiting.checkpoint?.toISOString()).toBe(new Date(ago(5)).toISOString());
    expect(posts()).toHaveLength(0);
    // GitHub's queue delivered it a moment ago, and the app answered an error again.
    standIn.recordDelivery({
      guid: "slow",
      event: "issues",
      payload: original.request.payload,
      status_code: 500,
      delivered_at: ago(0),
      redelivery: true,
    });
    expect(await recover({ asked })).toMatchObject({ failed: 1, pending: 0, redelivered: 1 });
    expect(await redeliveredGuids()).toEqual(["slow"]);
  });
});

describe("bounds", () => {
  test("at most maxPages pages are read and maxRedeliveries asked for; the checkpoint does not move past what was left", async () => {
    for (let n = 0; n < 250; n++) delivered(`g${n}`, 250 - n, 500);
    const counts = await recover({ maxPages: 2, maxRedeliveries: 3 });
    const lists = standIn.requests.filter((r) => r.method === "GET" && r.path.startsWith("/app/hook/deliveries"));
    expect(lists).toHaveLength(2);
    expect(counts).toMatchObject({ listed: 200, failed: 200, redelivered: 3, left: 197 });
    expect(posts()).toHaveLength(3);
    // The log was not read to the window's start: the next run must not skip what is older.
    expect(counts.checkpoint).toBeUndefined();
  });

  test("a last page that fills maxPages exactly is no truncation: the checkpoint moves to the newest", async () => {
    for (let n = 0; n < 100; n++) delivered(`g${n}`, 100 - n, 200);
    const counts = await recover({ maxPages: 1 });
    expect(counts).toMatchObject({ listed: 100, failed: 0 });
    expect(counts.checkpoint?.toISOString()).toBe(new Date(ago(1)).toISOString());
  });

  test("the window stops the listing: a page beyond it is never fetched", async () => {
    for (let n = 0; n < 150; n++) delivered(`old${n}`, 48 * 60 - n, 500);
    for (let n = 0; n < 10; n++) delivered(`new${n}`, 10 - n, 200);
    const counts = await recover({ windowMs: 60 * 60_000 });
    expect(counts).toMatchObject({ listed: 10, failed: 0 });
    expect(standIn.requests.filter((r) => r.path.startsWith("/app/hook/deliveries"))).toHaveLength(1);
  });

  test("each guid is asked for at most once per run, with the newest attempt's id", async () => {
    delivered("twice", 30, 500);
    const newest = delivered("twice", 20, 500, true);
    await recover();
    expect(posts().map((r) => r.path)).toEqual([`/app/hook/deliveries/${newest.id}/attempts`]);
  });
});

describe("a redelivery request is a write: never retried blindly", () => {
  test("a 500 on the POST is not retried (even by an Octokit that retries) and leaves the guid for the next run", async () => {
    await standIn.close();
    await receiver.close();
    await start([{ match: "^POST /app/hook/deliveries/\\d+/attempts$", status: 500, times: 1 }]);
    delivered("a", 20, 500);
    delivered("b", 10, 500);
    const counts = await recover({ octokit: appOctokitFor(standIn, { retry: true }) });
    expect(posts()).toHaveLength(1);
    expect(counts).toMatchObject({ failed: 2, redelivered: 0, left: 2 });
    expect(counts.checkpoint?.toISOString()).toBe(new Date(ago(20)).toISOString());
    const next = await recover({ since: counts.checkpoint });
    expect(next).toMatchObject({ redelivered: 2 });
    expect(await redeliveredGuids()).toEqual(["a", "b"]);
  });
});
