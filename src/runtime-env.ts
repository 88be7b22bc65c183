import { z } from "zod";

/** Where Probot's server takes webhooks unless WEBHOOK_PATH says otherwise (probot's own default). */
export const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";

/**
 * A whole number of milliseconds (or a count) from the environment. Absent: the default. Set but
 * empty or mistyped: an error, never a silent "off" (an empty SWEEP_INTERVAL_MS used to stop
 * every retry); 0, where allowed, is the explicit off.
 */
const whole = (fallback: number, min: number) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return fallback;
      const v = raw.trim();
      const n = v === "" ? Number.NaN : Number(v);
      if (!Number.isInteger(n) || n < min) {
        const got = v === "" ? "it is empty: remove the line for the default" : `got "${v}"`;
        ctx.addIssue({ code: "custom", message: `must be a whole number ≥ ${min} (${got})` });
        return z.NEVER;
      }
      return n;
    });

/** A text setting whose empty value (`NAME=` in a copied .env) means unset. */
const text = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/**
 * Every environment variable the app itself reads, validated at start: a mistyped value stops the
 * app with one clear line. (Probot reads its own: APP_ID, PRIVATE_KEY(_PATH), PORT, HOST, LOG_*,
 * GHE_HOST, GHE_PROTOCOL, WEBHOOK_PROXY_URL.)
 */
const RuntimeEnv = z
  .object({
    NODE_ENV: text,
    /** Checked here only for presence in production; Probot verifies signatures with it. */
    WEBHOOK_SECRET: z.string().optional(),
    /** The store: unset → ./data/guardrails.db (SQLite); postgres://… for several replicas. */
    DATABASE_URL: text,
    /** The app's slug, so that its bot login is known without a GET /app at start. */
    APP_SLUG: text.refine((v) => v === undefined || /^[a-z0-9][a-z0-9-]*$/i.test(v), {
      message: 'must be the app\'s slug, such as "agent-guardrails"',
    }),
    /** The path the webhook receiver listens on (the manifest's webhook URL ends with it). */
    WEBHOOK_PATH: text.transform((v) => v ?? DEFAULT_WEBHOOK_PATH).refine((v) => v.startsWith("/"), { message: 'must start with "/"' }),
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
    /** The owner's dashboard at /guardrails: a shared token (Bearer header or the sign-in form). With no GitHub sign-in either, the dashboard is off. */
    DASHBOARD_TOKEN: text.refine((v) => v === undefined || v.length >= 16, {
      message: "must be at least 16 characters (a long random value: openssl rand -hex 32)",
    }),
    /** The App's OAuth client: GitHub sign-in on the dashboard (both or neither). */
    GITHUB_CLIENT_ID: text,
    GITHUB_CLIENT_SECRET: text,
    /** The dashboard's public base URL (https://guardrails.example.com): the OAuth callback is <it>/guardrails/oauth/callback. */
    DASHBOARD_URL: text.refine((v) => v === undefined || /^https?:\/\/[^/]+/.test(v), {
      message: "must be an http(s) URL such as https://guardrails.example.com",
    }),
    /** GitHub Enterprise Server host (Probot reads it too): the dashboard signs people in there. */
    GHE_HOST: text,
    GHE_PROTOCOL: text.refine((v) => v === undefined || v === "https" || v === "http", { message: 'must be "https" or "http"' }),
    /** When set, `/metrics` answers only requests with `Authorization: Bearer <METRICS_TOKEN>`. */
    METRICS_TOKEN: text,
  })
  .superRefine((env, ctx) => {
    // Probot silently verifies webhooks against the secret "development" when WEBHOOK_SECRET is
    // unset: anyone could then forge deliveries. In production that is refused.
    const secret = env.WEBHOOK_SECRET?.trim();
    if (env.NODE_ENV === "production" && (!secret || secret === "development")) {
      ctx.addIssue({
        code: "custom",
        path: ["WEBHOOK_SECRET"],
        message: "must be set to the GitHub App's webhook secret in production (refusing to start)",
      });
    }
    if ((env.GITHUB_CLIENT_ID === undefined) !== (env.GITHUB_CLIENT_SECRET === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [env.GITHUB_CLIENT_ID === undefined ? "GITHUB_CLIENT_ID" : "GITHUB_CLIENT_SECRET"],
        message: "must be set with GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET both (GitHub sign-in on the dashboard), or neither",
      });
    }
    if (env.REQUEST_TIMEOUT_MS >= env.EFFECT_LEASE_MS) {
      ctx.addIssue({
        code: "custom",
        path: ["REQUEST_TIMEOUT_MS"],
        message: "must be shorter than EFFECT_LEASE_MS, or a hung request would outlive the claim and its effect be applied twice",
      });
    }
  });

export type RuntimeEnv = z.infer<typeof RuntimeEnv>;

/** Reads and checks the app's environment; throws one error naming every bad variable. */
export function readRuntimeEnv(env: NodeJS.ProcessEnv): RuntimeEnv {
  const result = RuntimeEnv.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
  throw new Error(`invalid environment: ${problems.join("; ")}`);
}

/**
 * What the CLI's own commands read from the environment (the server's settings above are checked
 * by `start`, through the app): where the audit log is, the log level of a simulated run, and the
 * repository a config file belongs to in CI. Only these are checked, so that `audit` on a
 * production host does not need the webhook secret.
 */
const CliEnv = z.object({
  DATABASE_URL: text,
  LOG_LEVEL: text.refine((v) => v === undefined || ["trace", "debug", "info", "warn", "error", "fatal", "silent"].includes(v), {
    message: "must be one of trace, debug, info, warn, error, fatal, silent",
  }),
  /** Set by GitHub Actions: `owner/name`. */
  GITHUB_REPOSITORY: text,
  /** `backtest`: a token that can read the repository (the server never reads it). Unset or empty: none. */
  GITHUB_TOKEN: text,
});

export type CliEnv = z.infer<typeof CliEnv>;

/** Reads and checks the CLI's environment; throws one error naming every bad variable. */
export function readCliEnv(env: NodeJS.ProcessEnv): CliEnv {
  const result = CliEnv.safeParse(env);
  if (result.success) return result.data;
  throw new Error(`invalid environment: ${result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`);
}

/** GITHUB_TOKEN alone, for `backtest` (whatever else the environment holds), or undefined. */
export function readGitHubToken(env: NodeJS.ProcessEnv): string | undefined {
  return CliEnv.shape.GITHUB_TOKEN.parse(env.GITHUB_TOKEN);
}
