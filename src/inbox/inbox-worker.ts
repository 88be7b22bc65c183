import type { Logger } from "pino";
import type { InboxRow, Store } from "../store/store.js";

/** How long a claim on a delivery holds before another replica may process it. */
export const INBOX_LEASE_MS = 60_000;
/** Failed attempts before a delivery is decided on what is known, with the strict defaults. */
export const INBOX_MAX_ATTEMPTS = 5;

export interface InboxWorkerOptions {
  store: Store;
  clock: () => Date;
  log: Logger;
  /**
   * Processes one delivery this process holds the lease of; throws to have it retried. `degraded`
   * is set on the last attempt: reads that still fail are then answered with what is strictest.
   */
  process(row: InboxRow, degraded: boolean): Promise<void>;
  /** Called when even the degraded attempt failed: the delivery is kept as `failed` and must be audited. */
  giveUp(row: InboxRow, error: unknown): Promise<void>;
  /** Deliveries processed at once by this process (GitHub reads overlap; writes are paced by the outbox). */
  concurrency?: number;
  maxAttempts?: number;
  /** First retry delay; doubled per attempt, at most 10 minutes. */
  backoffMs?: number;
  /** How long a claim holds (INBOX_LEASE_MS by default). */
  leaseMs?: number;
}

export interface InboxWorker {
  /** Processes soon a delivery this process just persisted and holds the lease of. */
  kick(row: InboxRow): void;
  /** Processes a held delivery now and waits; a failure is scheduled for retry, then rethrown. */
  processNow(row: InboxRow): Promise<void>;
  /** Claims and processes the deliveries that are due: retries, and what a crashed replica left. */
  drain(limit?: number): Promise<number>;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
  /** Deliveries queued or running in this process. */
  readonly busy: number;
  /** How long this worker's claims hold. */
  readonly leaseMs: number;
}

/**
 * Runs deliveries from the inbox, a few at a time. The lease was taken when the row was written
 * (the process that answered a delivery processes it first); a row whose lease expired — its
 * process crashed, or it is a retry — is claimed again with a compare-and-set, so one replica
 * runs it. Running one twice is safe anyway: the pipeline's commit is keyed by the delivery id.
 *
 * The queue is written here rather than taken from a library: it needs nothing but a counter
 * and a FIFO, and `idle()` for shutdown and tests.
 */
export function createInboxWorker(options: InboxWorkerOptions): InboxWorker {
  const { store, clock, log } = options;
  const concurrency = options.concurrency ?? 4;
  const maxAttempts = options.maxAttempts ?? INBOX_MAX_ATTEMPTS;
  const backoffMs = options.backoffMs ?? 10_000;
  const leaseMs = options.leaseMs ?? INBOX_LEASE_MS;
  const queue: { row: InboxRow; done: (error?: unknown) => void }[] = [];
  let running = 0;
  let idleWaiters: (() => void)[] = [];

  async function attempt(row: InboxRow): Promise<void> {
    const attempts = row.attempts + 1;
    const degraded = attempts >= maxAttempts;
    try {
      await options.process(row, degraded);
      await store.finishDelivery(row.deliveryId, { status: "done", at: clock().toISOString() });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const rowLog = log.child({ deliveryId: row.deliveryId, event: row.event });
      if (degraded) {
        rowLog.error({ err: message, attempts }, "delivery could not be decided even on the strict defaults: kept as failed for a human");
        await options.giveUp(row, error);
        await store.finishDelivery(row.deliveryId, { status: "failed", at: clock().toISOString(), lastError: message });
      } else {
        const wait = Math.min(backoffMs * 2 ** (attempts - 1), 600_000);
        const nextAttemptAt = new Date(clock().getTime() + wait).toISOString();
        rowLog.warn({ err: message, attempts, nextAttemptAt }, "delivery failed before it was decided: kept in the inbox to retry");
        await store.retryDelivery(row.deliveryId, { attempts, nextAttemptAt, lastError: message });
      }
      throw error;
    }
  }

  function pump(): void {
    while (running < concurrency && queue.length > 0) {
      const { row, done } = queue.shift()!;
      running++;
      attempt(row)
        .then(() => done(), done)
        .finally(() => {
          running--;
          if (running === 0 && queue.length === 0) {
            const waiters = idleWaiters;
            idleWaiters = [];
            for (const w of waiters) w();
          }
          pump();
        });
    }
  }

  function enqueue(row: InboxRow): Promise<void> {
    return new Promise((resolve, reject) => {
      queue.push({ row, done: (error) => (error === undefined ? resolve() : reject(error)) });
      pump();
    });
  }

  return {
    kick(row) {
      // The failure is already logged and scheduled for retry by `attempt`.
      enqueue(row).catch(() => undefined);
    },
    processNow(row) {
      return enqueue(row);
    },
    async drain(limit = 100) {
      const now = clock();
      let started = 0;
      const runs: Promise<void>[] = [];
      for (const id of await store.dueDeliveries(now, limit)) {
        const row = await store.claimDelivery(id, now, new Date(now.getTime() + leaseMs));
        if (row === null) continue;
        started++;
        runs.push(enqueue(row).catch(() => undefined));
      }
      await Promise.all(runs);
      return started;
    },
    idle() {
      if (running === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    get busy() {
      return running + queue.length;
    },
    leaseMs,
  };
}
