import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Store } from "../store/store.js";
import { recoverMissedDeliveries, type AppOctokitLike, type RecoveryCounts } from "./recover-missed-deliveries.js";

/** What the job needs: the store (its lease and the inbox), the App's JWT Octokit, a period. */
export interface MissedDeliveryJobDeps {
  store: Store;
  clock: () => Date;
  /** How often it runs; the lease spans two periods and a margin. */
  periodMs: number;
  appOctokit(): Promise<AppOctokitLike>;
  log(): Logger;
}

/**
 * The missed-delivery job of one process: lists the App's failed deliveries and asks GitHub to
 * send again those the inbox does not hold. One replica at a time, by a lease in the store,
 * renewed by its holder each run: the others would only ask for the same redeliveries. What it
 * asked for and how far it got stay in the process (the next holder starts from the window).
 * `run` answers null when another replica holds the job.
 */
export function createMissedDeliveryJob(deps: MissedDeliveryJobDeps): { run(): Promise<RecoveryCounts | null> } {
  const holder = randomUUID();
  const asked = new Map<string, number>();
  let checkpoint: Date | undefined;
  return {
    async run() {
      const now = deps.clock();
      // Two periods and a margin: a busy holder keeps it (a handover before GitHub logged the
      // redeliveries it asked for would ask for them again: harmless, the inbox dedupes, but wasted).
      if (!(await deps.store.takeLease("missed-deliveries", holder, now, new Date(now.getTime() + 2 * deps.periodMs + 10_000))))
        return null;
      const log = deps.log();
      const counts = await recoverMissedDeliveries({
        octokit: await deps.appOctokit(),
        known: (guid) => deps.store.knowsDelivery(guid),
        now,
        log,
        asked,
        ...(checkpoint ? { since: checkpoint } : {}),
      });
      checkpoint = counts.checkpoint ?? checkpoint;
      log.info({ ...counts, checkpoint: checkpoint?.toISOString() }, "missed deliveries checked");
      return counts;
    },
  };
}
