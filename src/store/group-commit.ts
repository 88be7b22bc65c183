import type { Kysely } from "kysely";

/**
 * Group commit: the writes asked for while a batch is being committed form the next batch, one
 * transaction for all of them. An idle store writes a call at once (no added wait); under load,
 * one commit serves every delivery that arrived meanwhile, where a commit each was the cost that
 * grew (SQLite appends and syncs its log per commit; PostgreSQL round-trips and flushes per
 * commit). Written here because it needs nothing but a queue, and a batch that fails writes each
 * of its calls again alone, so one bad row fails only its own caller.
 */
export function groupCommit<DB, T, R>(db: Kysely<DB>, write: (db: Kysely<DB>, item: T) => Promise<R>): (item: T) => Promise<R> {
  let queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let flushing = false;

  async function flush(): Promise<void> {
    flushing = true;
    try {
      while (queue.length > 0) {
        const batch = queue;
        queue = [];
        if (batch.length === 1) {
          const [only] = batch;
          await write(db, only!.item).then(only!.resolve, only!.reject);
          continue;
        }
        try {
          const results = await db.transaction().execute(async (trx) => {
            const out: R[] = [];
            for (const call of batch) out.push(await write(trx, call.item));
            return out;
          });
          batch.forEach((call, i) => call.resolve(results[i]!));
        } catch {
          for (const call of batch) await write(db, call.item).then(call.resolve, call.reject);
        }
      }
    } finally {
      flushing = false;
    }
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!flushing) void flush();
    });
}
