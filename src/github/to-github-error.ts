import { GitHubError, type GitHubErrorKind } from "./github-adapter.js";

/** GitHub asks for at least a minute when a secondary limit gives no `retry-after`. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** The parts of an Octokit `RequestError` this reads; duck-typed so a second copy of the package still matches. */
interface RequestErrorLike {
  status: number;
  message: string;
  request?: { method?: string; url?: string };
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

/** The parts of an Octokit `GraphqlResponseError` this reads (a 200 answer carrying `errors`). */
interface GraphqlErrorLike {
  message: string;
  errors: { type?: string; message?: string }[];
  headers?: Record<string, string | number | undefined>;
}

/**
 * Converts whatever Octokit (or fetch beneath it) threw into a `GitHubError`, the only error the
 * rest of the app reads. Rate limits are recognised by their signs, not their status alone,
 * because GitHub answers a secondary limit with a plain 403
 * (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api). Messages keep
 * the method, path and GitHub's message, never request headers or anything token-shaped.
 * `now` is only used to turn `x-ratelimit-reset` into seconds.
 */
export function toGitHubError(err: unknown, now: Date = new Date()): GitHubError {
  if (err instanceof GitHubError) return err;
  if (isGraphqlError(err)) return fromGraphql(err, now);
  // Our own per-request timeout (installation-octokit.ts) or an abort: the answer never came, which
  // is transient whatever status @octokit/request stamped on it (it gives an AbortError status 500).
  if (isAborted(err))
    return new GitHubError(
      "network",
      redact(
        `${describeRequest((err as Partial<RequestErrorLike>).request)}no answer from GitHub in time (request aborted: ${(err as Error).message})`,
      ),
    );
  if (isRequestError(err)) return fromRequest(err, now);
  const message = err instanceof Error ? err.message : String(err);
  return new GitHubError("network", redact(`no response from GitHub: ${message}`));
}

function fromRequest(err: RequestErrorLike, now: Date): GitHubError {
  const { status } = err;
  const where = describeRequest(err.request);
  const message = redact(`${where}${status}: ${err.message}`);
  // @octokit/request reports a fetch that never got an answer as a 500 without a response.
  if (err.response === undefined && status === 500) return new GitHubError("network", message);
  const headers = lowerCaseKeys(err.response?.headers);
  if (status === 403 || status === 429) {
    const retryAfter = rateLimitWait(headers, err.message, now);
    if (retryAfter !== undefined) return new GitHubError("rate_limited", message, status, retryAfter);
    if (status === 429) return new GitHubError("rate_limited", message, status, DEFAULT_RETRY_AFTER_SECONDS);
    return new GitHubError("forbidden", message, status);
  }
  return new GitHubError(kindOfStatus(status), message, status);
}

function kindOfStatus(status: number): GitHubErrorKind {
  if (status === 404 || status === 410) return "not_found";
  if (status === 401 || status === 403) return "forbidden";
  if (status >= 500) return "server";
  // 422, and any other 4xx: the request as written will never succeed.
  return "validation";
}

function fromGraphql(err: GraphqlErrorLike, now: Date): GitHubError {
  const first = err.errors[0];
  const type = first?.type?.toUpperCase();
  const text = err.errors.map((e) => e.message ?? "").join("; ") || err.message;
  const message = redact(`graphql${type ? ` ${type}` : ""}: ${text}`);
  switch (type) {
    case "FORBIDDEN":
      return new GitHubError("forbidden", message);
    case "NOT_FOUND":
      return new GitHubError("not_found", message);
    case "RATE_LIMITED":
    case "RATE_LIMIT":
      return new GitHubError("rate_limited", message, undefined, rateLimitWait(lowerCaseKeys(err.headers), "secondary rate limit", now));
    case "UNPROCESSABLE":
      return new GitHubError("validation", message);
    default:
      break;
  }
  if (/resource not accessible by integration|does not have permission/i.test(text)) return new GitHubError("forbidden", message);
  if (/secondary rate limit|rate limit exceeded/i.test(text))
    return new GitHubError("rate_limited", message, undefined, DEFAULT_RETRY_AFTER_SECONDS);
  // GitHub's own words for a timeout or an internal failure on its side: worth a retry.
  if (/something went wrong|timeout|timed out/i.test(text)) return new GitHubError("server", message);
  return new GitHubError("validation", message);
}

/** Seconds to wait when the answer shows a rate limit; undefined when it does not. */
function rateLimitWait(headers: Record<string, string>, message: string, now: Date): number | undefined {
  const retryAfter = headers["retry-after"];
  if (retryAfter !== undefined) return parseRetryAfter(retryAfter, now);
  if (headers["x-ratelimit-remaining"] === "0") {
    const reset = Number(headers["x-ratelimit-reset"]);
    if (!Number.isFinite(reset)) return DEFAULT_RETRY_AFTER_SECONDS;
    return Math.max(1, Math.ceil(reset - now.getTime() / 1000));
  }
  if (/secondary rate limit|abuse detection/i.test(message)) return DEFAULT_RETRY_AFTER_SECONDS;
  return undefined;
}

/** `retry-after` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
function parseRetryAfter(value: string, now: Date): number {
  const seconds = Number(value);
  if (Number.isFinite(seconds) && value.trim() !== "") return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(value);
  if (Number.isFinite(at)) return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
  return DEFAULT_RETRY_AFTER_SECONDS;
}

function describeRequest(request: RequestErrorLike["request"]): string {
  if (!request?.method || !request.url) return "";
  // Only the path: a query string or a host is no help in an audit row and could carry secrets.
  let path = request.url;
  try {
    path = new URL(request.url).pathname;
  } catch {
    path = request.url.split("?")[0] ?? "";
  }
  return `${request.method} ${path} → `;
}

/** Masks anything that looks like a GitHub token or an Authorization value, wherever it came from. */
function redact(text: string): string {
  return text
    .replace(/\b(gh[pousr]_|github_pat_)[A-Za-z0-9_]+/g, "[redacted]")
    .replace(/\b(bearer|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, "$1 [redacted]");
}

function lowerCaseKeys(headers: Record<string, string | number | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) if (value !== undefined) out[key.toLowerCase()] = String(value);
  return out;
}

/** A fetch aborted by a signal: `TimeoutError` (AbortSignal.timeout) or `AbortError`, bare or as a RequestError's cause. */
function isAborted(err: unknown): boolean {
  const names = [(err as { name?: unknown } | null)?.name, (err as { cause?: { name?: unknown } } | null)?.cause?.name];
  return names.some((name) => name === "TimeoutError" || name === "AbortError");
}

function isRequestError(err: unknown): err is RequestErrorLike {
  return err instanceof Error && typeof (err as Partial<RequestErrorLike>).status === "number";
}

function isGraphqlError(err: unknown): err is GraphqlErrorLike {
  return (
    err instanceof Error && Array.isArray((err as Partial<GraphqlErrorLike>).errors) && (err as { status?: unknown }).status === undefined
  );
}
