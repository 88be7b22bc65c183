import { expect, test } from "@jest/globals";
import { pino } from "pino";
import { createMissedDeliveryJob } from "../../src/inbox/missed-delivery-job.js";
import type { AppOctokitLike } from "../../src/inbox/recover-missed-deliveries.js";
import { openStore } from "../../src/store/open-store.js";

/** An App Octokit whose delivery log is empty, counting the listings. */
function emptyLog(listed: { n: number }): AppOctokitLike {
  const iterator = async function* () {
    listed.n++;
    yield { data: [], headers: {} };
  };
  return { request: async () => ({ data: {} }), paginate: Object.assign(async () => [], { iterator }) } as unknown as AppOctokitLike;
}

test("one replica at a time runs the job: the lease holder renews it each run, another takes it only when it ends", async () => {
  const store = await openStore(":memory:");
  let now = new Date("2026-11-20T09:00:00.000Z");
  const listed = { n: 0 };
  const job = () =>
    createMissedDeliveryJob({
      store,
      clock: () => now,
      periodMs: 60_000,
      appOctokit: async () => emptyLog(listed),
      log: () => pino({ level: "silent" }),
    });
  const [a, b] = [job(), job()];
  expect(await a.run()).toMatchObject({ listed: 0, redelivered: 0 });
  expect(await b.run()).toBeNull();
  now = new Date(now.getTime() + 60_000);
  expect(await a.run()).not.toBeNull();
  // A's lease (two periods and a margin) ends 130 s after its last run: only then may B take over.
  now = new Date(now.getTime() + 129_999);
  expect(await b.run()).toBeNull();
  now = new Date(now.getTime() + 1);
  expect(await b.run()).not.toBeNull();
  expect(listed.n).toBe(3);
  await store.close();
});
