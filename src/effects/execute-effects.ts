import type { Logger } from "pino";
import { GitHubError, type GitHubAdapter } from "../github/github-adapter.js";
import type { MetricsSink } from "../metrics/metrics-sink.js";
import type { EffectRow, Store } from "../store/store.js";
import { applyEffect, EscalatedError, needsHumanOf } from "./apply-effect.js";
import { hideInstead } from "./hide-instead.js";
import { CONTAINMENT_RESERVE, createsContent, isDeferrable, nextWriteAt, WRITE_WINDOW_MS, type PastWrite } from "./write-budget.js";

/** What the executor needs besides the adapter. */
export interface ExecutorDeps {
  store: Store;
  clock: () => Date;
  log: Logger;
  /** This app's login, the actor of every effect row in the audit log. */
  appLogin: string;
  /** Lease and backoff of the outbox (the defaults here when absent). */
  outbox?: OutboxTuning;
  /** Counts each effect outcome (none collected when absent). */
  metrics?: MetricsSink;
}

/** How the outbox holds and retries an effect; production reads them from the environment. */
export interface OutboxTuning {
  /** How long a claim holds (LEASE_MS by default). */
  leaseMs?: number;
  /** The first retry's delay after a transient failure, doubled per attempt up to an hour (30 s by default). */
  backoffMs?: number;
}

/** How an applied outbox row's `lastError` says a human must still act (a revert PR to merge). */
export const NEEDS_HUMAN_PREFIX = "needs a human: ";

/**
 * How long a claim holds an effect before another replica may retry it. It outlives any single
 * request (REQUEST_TIMEOUT_MS, 20 s, in src/github/installation-octokit.ts), and an effect made
 * of several requests renews it between them, so a live attempt is never doubled by a second one.
 */
export const LEASE_MS = 60_000;

/** Another replica holds the effect now (our lease ran out and it claimed it): stop writing. */
export class LeaseLostError extends Error {
  constructor(readonly effectId: number) {
    super(`the claim on effect ${effectId} was lost to another replica`);
    this.name = "LeaseLostError";
  }
}
/** Transient failures are retried this many times, then the effect is failed for a human to see. */
export const MAX_ATTEMPTS = 8;

/**
 * Applies outbox rows in order through the one adapter, and records each outcome in the outbox
 * and the audit log. Rows stored as `planned` (observe mode) are only audited: "plan, don't
 * apply" is this one property of the executor, not a flag threaded through the pipeline. An
 * effect is claimed first (compare-and-set), so with several replicas each is applied once. Then the installation's write budget (GitHub's content limits, counted from
 * the outbox so that replicas and restarts share it): over it, the effect waits, pending, until
 * the budget has room, which paces a flood's containment instead of tripping GitHub's secondary
 * limit. A 5xx or network error leaves it pending with a backoff; a rate limit leaves
 * it and every later row of the batch pending until GitHub's `retry-after`; a refusal (403, 404,
 * 422) is final and audited, since retrying cannot change GitHub's answer.
 */
export async function executeEffects(deps: ExecutorDeps, github: GitHubAdapter, rows: readonly EffectRow[]): Promise<void> {
  const { store, clock, log } = deps;
  const leaseMs = deps.outbox?.leaseMs ?? LEASE_MS;
  const backoffMs = deps.outbox?.backoffMs ?? 30_000;
  const budgets = new Map<number, PastWrite[]>();
  const writesOf = async (installationId: number, now: Date): Promise<PastWrite[]> => {
    let writes = budgets.get(installationId);
    if (writes === undefined) {
      const since = new Date(now.getTime() - WRITE_WINDOW_MS).toISOString();
      writes = (await store.appliedSince(installationId, since)).map((w) => ({ at: Date.parse(w.at), creating: createsContent(w.kind) }));
      budgets.set(installationId, writes);
    }
    return writes;
  };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const now = clock();
    // Observe mode and dry runs: planned rows are audited and never sent.
    if (row.status === "planned") {
      await audit(deps, row, "planned", [`observe mode: would ${row.effect.kind}`], {});
      continue;
    }
    // Paced containment steps wait for their turn in the sweep.
    if (row.status !== "pending" || (row.nextAttemptAt !== null && Date.parse(row.nextAttemptAt) > now.getTime())) continue;
    let heldUntil = new Date(now.getTime() + leaseMs);
    if (!(await store.claimEffect(row.id, now, heldUntil))) continue;
    const checkpoint = async (): Promise<void> => {
      const renewed = new Date(clock().getTime() + leaseMs);
      if (!(await store.renewEffectLease(row.id, heldUntil, renewed))) throw new LeaseLostError(row.id);
      heldUntil = renewed;
    };
    const attempts = row.attempts + 1;
    const effectLog = log.child({ effectId: row.id, effect: row.effect.kind });
    const writes = await writesOf(row.installationId, now);
    const creating = createsContent(row.effect.kind);
    // Containment before flags: an ordinary label waits while the budget is nearly used up.
    const allowedAt = nextWriteAt(writes, now.getTime(), creating, isDeferrable(row.effect, row.tag) ? CONTAINMENT_RESERVE : 0);
    if (allowedAt > now.getTime()) {
      // Not an attempt: nothing was sent, so `attempts` stays and no audit row is written.
      const nextAttemptAt = new Date(allowedAt).toISOString();
      await store.updateEffect(row.id, {
        status: "pending",
        attempts: row.attempts,
        nextAttemptAt,
        lastError: `deferred: the installation's write budget is used until ${nextAttemptAt}`,
      });
      effectLog.warn({ nextAttemptAt }, `effect ${row.effect.kind} deferred: write budget used`);
      continue;
    }
    writes.push({ at: now.getTime(), creating });
    try {
      const result = await applyEffect(github, { owner: row.owner, repo: row.repo }, row.effect, { checkpoint, appLogin: deps.appLogin });
      const left = needsHumanOf(result);
      // An applied row's lastError carries what is left for a human (finish-containment reads it).
      // The result rides on the row too: an undo reads what this answered (the numbers unassigned, a role) from it.
      await store.updateEffect(row.id, {
        status: "applied",
        attempts,
        appliedAt: clock().toISOString(),
        lastError: left === undefined ? null : `${NEEDS_HUMAN_PREFIX}${left}`,
        nextAttemptAt: null,
        result,
      });
      await audit(
        deps,
        row,
        "applied",
        [
          left === undefined
            ? `applied ${row.effect.kind}`
            : `applied ${row.effect.kind}: ${left}${typeof result.url === "string" ? ` (${result.url})` : ""}`,
        ],
        result,
      );
      if (left === undefined) effectLog.info({ audit: true }, `applied ${row.effect.kind}`);
      else effectLog.warn({ audit: true, needsHuman: left }, `applied ${row.effect.kind}: ${left}`);
    } catch (error) {
      if (error instanceof LeaseLostError) {
        // The row is the other replica's now: its outcome is its to record, not ours.
        effectLog.warn({ err: error.message }, `effect ${row.effect.kind} stopped: claim lost`);
        continue;
      }
      if (error instanceof EscalatedError) {
        await store.updateEffect(row.id, { status: "failed", attempts, lastError: `escalated: ${error.why}` });
        await audit(deps, row, "escalated", [`${row.effect.kind} needs a human: ${error.why}`], { escalated: true });
        effectLog.warn({ audit: true, why: error.why }, `effect ${row.effect.kind} escalated to a human`);
        continue;
      }
      const err = error instanceof GitHubError ? error : new GitHubError("network", error instanceof Error ? error.message : String(error));
      if (err.transient && attempts < MAX_ATTEMPTS) {
        const waitSeconds = err.retryAfterSeconds ?? Math.min((backoffMs / 1000) * 2 ** (attempts - 1), 3600);
        const nextAttemptAt = new Date(clock().getTime() + waitSeconds * 1000).toISOString();
        await store.updateEffect(row.id, { status: "pending", attempts, nextAttemptAt, lastError: err.message });
        await audit(deps, row, "pending", [`${err.kind}: ${err.message}; retry after ${waitSeconds}s`], { status: err.status });
        effectLog.warn({ err: err.message, kind: err.kind, nextAttemptAt }, `effect ${row.effect.kind} will be retried`);
        if (err.kind === "rate_limited") {
          // GitHub asked us to slow down: nothing else of this batch goes out before retry-after.
          for (const later of rows.slice(i + 1)) {
            await store.updateEffect(later.id, { status: "pending", attempts: later.attempts, nextAttemptAt, lastError: later.lastError });
          }
          return;
        }
      } else {
        await store.updateEffect(row.id, { status: "failed", attempts, lastError: err.message });
        await audit(deps, row, "failed", [refusalReason(row, err)], { status: err.status, error: err.message });
        effectLog.error({ err: err.message, kind: err.kind, audit: true }, `effect ${row.effect.kind} failed`);
        // A held comment GitHub will not delete is still up: hide it instead (then it goes on below).
        const fallback = await hideInstead(store, row, clock(), deps.appLogin);
        if (fallback.length > 0) await executeEffects(deps, github, fallback);
      }
    }
  }
}

function refusalReason(row: EffectRow, err: GitHubError): string {
  if (row.effect.kind === "convert_to_draft") {
    // GitHub checks contents: write besides pull_requests: write when an App converts a PR to draft.
    const why =
      err.kind === "forbidden"
        ? ": the installation lacks contents: write, which GitHub requires of an App for this (run `/guardrails drill` to see what else is missing)"
        : "";
    return `GitHub refused the draft conversion (${err.kind}: ${err.message})${why}; the pending label and the failing check still gate the PR`;
  }
  return `${row.effect.kind} failed (${err.kind}: ${err.message})`;
}

async function audit(
  deps: ExecutorDeps,
  row: EffectRow,
  verdict: string,
  reasons: string[],
  detail: Record<string, unknown>,
): Promise<void> {
  const effect = row.effect;
  deps.metrics?.effect(effect.kind, verdict);
  await deps.store.appendAudit({
    at: deps.clock().toISOString(),
    deliveryId: row.deliveryId,
    org: row.owner,
    repo: `${row.owner}/${row.repo}`,
    actor: deps.appLogin,
    actorKind: "app",
    action: `effect.${effect.kind}`,
    targetNumber: "number" in effect && effect.number !== undefined ? effect.number : null,
    targetNodeId: "prNodeId" in effect ? effect.prNodeId : "nodeId" in effect ? effect.nodeId : null,
    targetUrl: null,
    targetSha: "headSha" in effect ? effect.headSha : null,
    verdict,
    reasons,
    effects: [effect],
    detail: { effectId: row.id, attempts: row.attempts + (verdict === "planned" ? 0 : 1), ...detail },
  });
}
