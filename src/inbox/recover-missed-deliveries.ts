/**
 * Finds webhook deliveries GitHub could not hand to the app (it was down, or answered an error)
 * and asks GitHub to send them again. GitHub never redelivers on its own; its recipe is this
 * scheduled job: list the App's deliveries since the last run, pick those whose `status` is not
 * "OK", redeliver them
 * (https://docs.github.com/webhooks/using-webhooks/handling-failed-webhook-deliveries).
 */
import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import { toGitHubError } from "../github/to-github-error.js";

/** What this uses of an Octokit authenticated as the App (a JWT, `probot.auth()`), not an installation. */
export type AppOctokitLike = Pick<ProbotOctokit, "request" | "paginate">;

/** A delivery as `GET /app/hook/deliveries` lists it (the fields read here). */
interface ListedDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status: string;
  status_code: number;
  event: string;
  action: string | null;
  installation_id: number | null;
}

/** What `recoverMissedDeliveries` needs. */
export interface RecoverDeps {
  octokit: AppOctokitLike;
  /** Whether the app already holds this delivery guid (its inbox): then it was not missed. */
  known(guid: string): Promise<boolean>;
  now: Date;
  log: Logger;
  /** How far back to look; default 24 h, never more than the 3 days GitHub keeps deliveries for. */
  windowMs?: number;
  /** The previous run's `checkpoint`: deliveries older than it were settled then. */
  since?: Date;
  /** Pages of 100 deliveries read at most; default 10. */
  maxPages?: number;
  /** Redeliveries asked for at most in one run; default 25. */
  maxRedeliveries?: number;
  /**
   * guid → when (epoch ms) a redelivery of it was asked for; the caller keeps the map between runs
   * (one process-local Map). A guid asked for within `pendingMs` whose redelivery is not yet in the
   * log is pending: it is not asked for again.
   */
  asked?: Map<string, number>;
  /** How long an asked-for redelivery counts as pending; default 15 minutes. */
  pendingMs?: number;
}

/** What one run did, for the log line and for the next run. */
export interface RecoveryCounts {
  /** Delivery attempts listed within the window. */
  listed: number;
  /** Events (guids) whose every listed attempt failed. */
  failed: number;
  /** Redeliveries GitHub accepted (202). */
  redelivered: number;
  /** Failed ones the app already holds. */
  known: number;
  /** Failed ones whose redelivery was asked for recently and is still pending. */
  pending: number;
  /** Failed ones not asked for this run (the cap, or GitHub refused): the next run sees them again. */
  left: number;
  /** Pass as the next run's `since`: everything older is settled. */
  checkpoint?: Date;
}

const HOUR = 3_600_000;
/** GitHub keeps (and redelivers) only the past 3 days of deliveries. */
const RETENTION_MS = 72 * HOUR;

/**
 * Lists the App's deliveries newest first, bounded by the window (or `since`) and `maxPages`;
 * an event counts as failed when none of its attempts (its guid) is "OK", so one a later
 * redelivery brought in is not failed. Each failed guid the app does not know, and has not just
 * asked for, is redelivered once, oldest first so the app sees events in their order.
 */
export async function recoverMissedDeliveries(deps: RecoverDeps): Promise<RecoveryCounts> {
  const { octokit, log, now } = deps;
  const windowMs = Math.min(deps.windowMs ?? 24 * HOUR, RETENTION_MS);
  const floor = Math.max(now.getTime() - windowMs, deps.since?.getTime() ?? 0);
  const maxPages = deps.maxPages ?? 10;
  const maxRedeliveries = deps.maxRedeliveries ?? 25;
  const pendingMs = deps.pendingMs ?? 15 * 60_000;

  // guid → its newest attempt, and whether any attempt succeeded.
  const byGuid = new Map<string, { newest: ListedDelivery; oldestAt: number; ok: boolean }>();
  let listed = 0;
  let newestAt: number | undefined;
  let pages = 0;
  let reachedFloor = false;
  let more = false;
  // Not `status: "failure"`: the successful attempts are what tell a missed event from one a
  // later redelivery brought in.
  for await (const page of octokit.paginate.iterator("GET /app/hook/deliveries", { per_page: 100 })) {
    pages++;
    more = /rel="next"/.test(page.headers.link ?? "");
    for (const delivery of page.data as ListedDelivery[]) {
      const at = Date.parse(delivery.delivered_at);
      if (at < floor) {
        reachedFloor = true;
        break;
      }
      listed++;
      newestAt ??= at;
      const seen = byGuid.get(delivery.guid);
      if (seen) {
        seen.ok ||= delivery.status === "OK";
        seen.oldestAt = at;
      } else byGuid.set(delivery.guid, { newest: delivery, oldestAt: at, ok: delivery.status === "OK" });
    }
    if (reachedFloor || pages >= maxPages) break;
  }
  const truncated = !reachedFloor && more;
  if (truncated) log.warn({ pages, listed }, "webhook delivery log not read to the window's start: older failures wait for a later run");

  const failed = [...byGuid.values()].filter((g) => !g.ok).sort((a, b) => a.oldestAt - b.oldestAt);
  const counts: RecoveryCounts = { listed, failed: failed.length, redelivered: 0, known: 0, pending: 0, left: 0 };
  const leftAt: number[] = [];
  let stopped = false;
  for (const { newest, oldestAt } of failed) {
    const fields = { deliveryId: newest.guid, event: newest.event, action: newest.action, installationId: newest.installation_id };
    const askedAt = deps.asked?.get(newest.guid);
    // Asked for, and no attempt logged since: GitHub has it queued.
    if (askedAt !== undefined && now.getTime() - askedAt < pendingMs && Date.parse(newest.delivered_at) < askedAt) {
      counts.pending++;
      // Not settled until its attempt is logged: the checkpoint stays before it.
      leftAt.push(oldestAt);
      continue;
    }
    if (await deps.known(newest.guid)) {
      counts.known++;
      continue;
    }
    if (stopped || counts.redelivered >= maxRedeliveries) {
      counts.left++;
      leftAt.push(oldestAt);
      continue;
    }
    try {
      // A write, so never retried blindly (`retries: 0` turns off Octokit's retry plugin). Even a
      // doubled redelivery would be harmless: it is one more attempt with the same guid, which
      // the inbox dedupes; but a lost answer is left to the next run, which sees the attempt.
      await octokit.request("POST /app/hook/deliveries/{delivery_id}/attempts", { delivery_id: newest.id, request: { retries: 0 } });
      counts.redelivered++;
      deps.asked?.set(newest.guid, now.getTime());
      log.info({ ...fields, status: newest.status }, "asked GitHub to redeliver a missed webhook");
    } catch (error) {
      // Converted at the boundary: its message names method, path and GitHub's words, no token.
      const failure = toGitHubError(error, now);
      counts.left++;
      log.warn(
        { ...fields, status: failure.status, kind: failure.kind, err: failure.message },
        "GitHub refused to redeliver a missed webhook",
      );
      // Gone from the log (404): the next one may still work. Anything else (auth, outage): stop.
      if (failure.kind !== "not_found") {
        leftAt.push(oldestAt);
        stopped = true;
      }
    }
  }
  const settledTo = leftAt.length > 0 ? Math.min(...leftAt) : newestAt;
  const checkpoint = truncated ? deps.since : settledTo === undefined ? deps.since : new Date(settledTo);
  if (checkpoint !== undefined) counts.checkpoint = checkpoint;
  return counts;
}
