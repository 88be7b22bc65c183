import type { Probot, ProbotOctokit } from "probot";
import type { OctokitLike } from "./octokit-adapter.js";

/**
 * How long one request may wait for GitHub's answer before it fails as a transient error. Well
 * under the outbox's claim lease (60 s): a withheld answer must fail before another replica may
 * claim the effect, or the effect would be applied twice.
 */
export const REQUEST_TIMEOUT_MS = 20_000;

/** Options of `installationOctokit` and `appOctokit`. */
export interface OctokitFactoryOptions {
  /** Per-request timeout in ms (default `REQUEST_TIMEOUT_MS`); tests pass a short one. */
  timeoutMs?: number;
  /** Sees the headers of every answer, errors included (the rate limit left, for `/metrics`). */
  onResponse?: (headers: Readonly<Record<string, string | number | undefined>>) => void;
}

/** A Probot Octokit instance and the hook every Octokit carries. */
type ProbotOctokitInstance = InstanceType<typeof ProbotOctokit>;

/**
 * The options every request of this app is sent with, and why:
 * - `retry` off for everything. @octokit/plugin-retry re-sends any request answered 5xx, POSTs
 *   included, and GitHub may have applied a write before it answered 502: measured, that doubled
 *   incident issues, re-posted comments and revert PRs while the audit said once. The outbox owns
 *   the retry of a write (with backoff, after looking up the marker of what a lost answer may have
 *   created); a failing read fails its caller (the delivery is retried by the inbox/redelivery).
 * - `throttle` off. @octokit/plugin-throttling paces every write about 1 s apart through
 *   bottleneck, which caps containment far below GitHub's content limit of 80 writes a minute, a
 *   limit our own write budget already keeps (src/effects/write-budget.ts). Its rate-limit
 *   handlers re-send the request after `retry-after`, a write included: off, GitHub's rate-limit
 *   and secondary-limit answers reach the outbox as `rate_limited` errors, which it honours.
 *   It is disabled through the instance options, which Probot's `.defaults` functions merge
 *   field by field; an object-form `.defaults` would keep it on (probot#2039).
 */
const NO_PLUGIN_RESEND = { retry: { enabled: false }, throttle: { enabled: false } } as const;

/**
 * An installation-authenticated Octokit for the app's own requests (webhook handling and the
 * outbox sweep), built from the Octokit class Probot was constructed with (its auth, token cache,
 * base URL and log), like `probot.auth(id)`, but with the plugins' silent re-sends off and a
 * per-request timeout. Use this instead of `context.octokit` or `probot.auth(id)`.
 */
export async function installationOctokit(
  probot: Probot,
  installationId: number,
  options: OctokitFactoryOptions = {},
): Promise<OctokitLike> {
  const Octokit = await probotOctokitClass(probot);
  // `auth` merges into Probot's (appId, privateKey, the shared token cache): as `probot.auth(id)` does.
  return observed(
    withRequestTimeout(new Octokit({ ...NO_PLUGIN_RESEND, auth: { installationId } }), options.timeoutMs ?? REQUEST_TIMEOUT_MS),
    options.onResponse,
  );
}

/** The same, authenticated as the App itself (a JWT): `GET /app`, `GET /app/installations/{id}`. */
export async function appOctokit(probot: Probot, options: OctokitFactoryOptions = {}): Promise<OctokitLike> {
  const Octokit = await probotOctokitClass(probot);
  return observed(withRequestTimeout(new Octokit({ ...NO_PLUGIN_RESEND }), options.timeoutMs ?? REQUEST_TIMEOUT_MS), options.onResponse);
}

/** The class Probot built its app-level Octokit from (its defaults carry the auth options). */
async function probotOctokitClass(probot: Probot): Promise<typeof ProbotOctokit> {
  const app = await probot.auth();
  return app.constructor as typeof ProbotOctokit;
}

/**
 * Every request (REST and GraphQL, which goes through the same `request` hook) gets its own
 * AbortSignal that fires after `timeoutMs`, also while the body is still arriving. Fetch then
 * rejects, and the adapter turns that into a transient `network` GitHubError (to-github-error.ts).
 */
export function withRequestTimeout<T extends Pick<ProbotOctokitInstance, "hook">>(octokit: T, timeoutMs: number): T {
  octokit.hook.before("request", (options) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const own = options.request?.signal as AbortSignal | undefined;
    options.request = { ...options.request, signal: own === undefined ? timeout : AbortSignal.any([own, timeout]) };
  });
  return octokit;
}

/** Hands every answer's headers (a failed one's too) to `onResponse`; a throwing observer never fails the request. */
function observed<T extends Pick<ProbotOctokitInstance, "hook">>(octokit: T, onResponse: OctokitFactoryOptions["onResponse"]): T {
  if (onResponse === undefined) return octokit;
  const see = (headers: unknown) => {
    try {
      if (headers !== null && typeof headers === "object") onResponse(headers as Record<string, string | number | undefined>);
    } catch {
      // Metrics are best effort.
    }
  };
  octokit.hook.after("request", (response) => see(response.headers));
  octokit.hook.error("request", (error) => {
    see((error as { response?: { headers?: unknown } }).response?.headers);
    throw error;
  });
  return octokit;
}
