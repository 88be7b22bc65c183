import { z } from "zod";

/** A whole number of milliseconds (or a count) from the environment; empty or absent: the default. */
const whole = (fallback: number, min: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) {
        ctx.addIssue({ code: "custom", message: `must be a whole number ≥ ${min} (got "${v}")` });
        return z.NEVER;
      }
      return n;
    });

/**
 * The app's tuning from the environment, validated at start: a mistyped value stops the app with
 * one clear line instead of silently turning a sweep or a retry off.
 */
const RuntimeEnv = z.object({
  /** Outbox and inbox sweep period; 0 turns the timer off (then nothing retries: tests only). */
  SWEEP_INTERVAL_MS: whole(30_000, 0),
  /** How long a replica's claim on a delivery holds before another may process it. */
  INBOX_LEASE_MS: whole(60_000, 1_000),
  /** First retry delay of a delivery whose GitHub reads failed (doubled per attempt). */
  INBOX_BACKOFF_MS: whole(10_000, 0),
  /** Attempts before a delivery is decided on what is known, with the strict defaults. */
  INBOX_MAX_ATTEMPTS: whole(5, 1),
  /** Deliveries processed at once by one process. */
  INBOX_CONCURRENCY: whole(4, 1),
  /** Per-request timeout of the app's GitHub requests: a hung answer fails (and is retried) well within a lease. */
  REQUEST_TIMEOUT_MS: whole(20_000, 100),
  /** How long a replica's claim on an outbox effect holds; renewed between the steps of a long effect. */
  EFFECT_LEASE_MS: whole(60_000, 1_000),
  /** The first retry's delay of an effect GitHub failed transiently (doubled per attempt, at most an hour). */
  EFFECT_BACKOFF_MS: whole(30_000, 0),
  /** How often GitHub's failed deliveries are listed and asked for again (one replica at a time); 0: never. */
  MISSED_DELIVERIES_INTERVAL_MS: whole(300_000, 0),
}).refine((env) => env.REQUEST_TIMEOUT_MS < env.EFFECT_LEASE_MS, {
  message: "must be shorter than EFFECT_LEASE_MS, or a hung request would outlive the claim and its effect be applied twice",
  path: ["REQUEST_TIMEOUT_MS"],
});

export type RuntimeEnv = z.infer<typeof RuntimeEnv>;

/** Reads and checks the app's tuning; throws one error naming every bad variable. */
export function readRuntimeEnv(env: NodeJS.ProcessEnv): RuntimeEnv {
  const result = RuntimeEnv.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
  throw new Error(`invalid environment: ${problems.join("; ")}`);
}
