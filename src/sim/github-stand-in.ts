/**
 * A local GitHub API stand-in for `simulate`, the demo and the e2e test: a node:http server on
 * 127.0.0.1 that answers like GitHub under both path styles — plain (`/repos/...`, Octokit's
 * baseUrl set to the stand-in root) and GitHub Enterprise Server style (`/api/v3/...` and
 * `/api/graphql`, what `probot run` uses with GHE_HOST and GHE_PROTOCOL=http) — and records
 * every request the app sends, in order, in the simulate contract's shape.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { answerGraphql, describeGraphql } from "./answer-graphql.js";
import { answerRest, type Reply } from "./answer-rest.js";
import { checkGraphqlRequest } from "./check-graphql-request.js";
import { createFaultInjector } from "./fault-injector.js";
import { githubErrorBody } from "./github-error-body.js";
import type { DeliveryAttempt, HookDelivery, WebhookTarget } from "./resources/hook-deliveries.js";
import { answerOAuthWeb, type OAuthClient } from "./resources/user-sessions.js";
import { StandInState, type JsonObject } from "./stand-in-state.js";
import type { Fault, World } from "./scenario.js";
import { validateRestRequest } from "./validate-rest-request.js";

/** One request the app sent, as the simulate contract reports it. */
export interface RecordedRequest {
  method: string;
  /**
   * As GitHub's REST docs name it: no `/api/v3` prefix, each path segment URL-decoded (so a
   * contents path reads `/repos/acme/widgets/contents/.github/agent-guardrails.yml`), the query
   * string kept as sent. GraphQL requests are `/graphql`.
   */
  path: string;
  /** The parsed JSON body (or the raw text when it is not JSON); absent when empty. */
  body?: unknown;
  /** GraphQL only: the first mutation or query field (`convertPullRequestToDraft`). */
  operation?: string;
  /** GraphQL only: the request's variables. */
  variables?: Record<string, unknown>;
  /** The HTTP status the stand-in answered (GraphQL errors are answered 200, as GitHub does). */
  status?: number;
}

/**
 * A request GitHub would refuse as malformed: a route its REST description lacks, parameters or a
 * body that do not fit the description, a GraphQL document or variables its schema rejects. The
 * app never sending one is part of what the stand-in checks.
 */
export interface InvalidRequest {
  method: string;
  /** As in `RecordedRequest.path` (query included). */
  path: string;
  /** REST: the description's `"METHOD /template"` when the route exists; GraphQL: the first field. */
  operation?: string;
  /** What GitHub would say, and why. */
  reason: string;
}

/** Which request a `failNext` applies to. */
export interface FailureMatcher {
  /** Upper-case HTTP method; any when absent. */
  method?: string;
  /** Prefix of the recorded path (`/repos/acme/widgets/check-runs`, `/graphql`). */
  pathPrefix: string;
}

/** A running stand-in. */
export interface StandIn {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  /** Every request received, in arrival order, except the installation token exchange. */
  requests: RecordedRequest[];
  /** Requests GitHub would have refused as malformed (see `InvalidRequest`), in arrival order. */
  invalid: InvalidRequest[];
  world: World;
  /** Tells the stand-in what a webhook says (PRs, issues, comments, pushes) so later reads agree with it. */
  observe(eventName: string, payload: Record<string, unknown>): void;
  /**
   * A commit on the default branch, as a scenario's `files` line describes it: from now on it
   * holds these files (null deletes one; `owner/name:path` keys name another repository). Answers
   * the branch's new tip, whose parent is the old one, so a push payload can follow.
   */
  commitFiles(files: Record<string, string | null>): string;
  /** Replaces the world's `faults` from now on (counts start again): a test's GitHub failing mid-run. */
  setFaults(faults: Fault[]): void;
  /** Answers the next matching request with `status` (and a GitHub-style error body unless `body` is given). */
  failNext(matcher: FailureMatcher, status: number, headers?: Record<string, string>, body?: unknown): void;
  /**
   * Logs a webhook delivery attempt in the App's delivery log (`GET /app/hook/deliveries`), as
   * GitHub would after sending it: a harness calls it for each webhook it delivers, with the
   * status the app answered (0: unreachable), in the order they happened (GitHub lists by id,
   * newest first). Answers the logged delivery, with its id.
   */
  recordDelivery(attempt: DeliveryAttempt): HookDelivery;
  /** The App's delivery log, oldest first (the API lists it newest first). */
  deliveries: readonly HookDelivery[];
  /** Resolves when every redelivery asked for so far has been re-sent and logged. */
  redeliveriesSettled(): Promise<void>;
  /** Sets (or replaces) `StandInOptions.webhook`, for a receiver that starts after the stand-in. */
  useWebhook(target: WebhookTarget): void;
  close(): Promise<void>;
}

/** Options of `startGitHubStandIn`. */
export interface StandInOptions {
  /** Clock for timestamps the stand-in writes (`created_at`); simulate passes its virtual clock. */
  clock?: () => Date;
  /**
   * The App's webhook URL and secret: `POST /app/hook/deliveries/{id}/attempts` re-sends the
   * delivery there, signed. Without it a redelivery is logged as unreachable (status_code 0).
   */
  webhook?: WebhookTarget;
  /** The App's OAuth client: people sign in through `/login/oauth/*` (the dashboard's GitHub sign-in). */
  oauth?: OAuthClient;
}

/**
 * The installation token exchange is authentication plumbing that Octokit does on its own schedule
 * (cached per installation), not a decision of the app: it is answered but not recorded, so that
 * the recording is the same whether the app runs with a token (simulate) or as an App (e2e).
 */
const TOKEN_EXCHANGE = /^\/app\/installations\/[^/]+\/access_tokens$/;

/** Starts the stand-in on 127.0.0.1 on a free port. */
export async function startGitHubStandIn(world: World, options: StandInOptions = {}): Promise<StandIn> {
  const state = new StandInState(world, options.clock ?? (() => new Date()));
  const requests: RecordedRequest[] = [];
  const invalid: InvalidRequest[] = [];
  const failures: { matcher: FailureMatcher; status: number; headers: Record<string, string>; body: unknown }[] = [];
  let pickFault = createFaultInjector(world.faults);
  state.hookDeliveries.webhook = options.webhook;
  state.userSessions.client = options.oauth;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      send(res, { status: 500, body: { message: `stand-in error: ${(error as Error).message}` } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const rawUrl = req.url ?? "/";
    const queryAt = rawUrl.indexOf("?");
    const rawPath = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
    const queryString = queryAt < 0 ? "" : rawUrl.slice(queryAt + 1);
    const segments = githubPath(rawPath)
      .split("/")
      .slice(1)
      .map((segment) => safeDecode(segment));
    const path = `/${segments.join("/")}`;
    const text = await readBody(req);
    const body = parseBody(text);

    const graphql = method === "POST" && path === "/graphql";
    const query = new URLSearchParams(queryString);
    if (TOKEN_EXCHANGE.test(path) && method === "POST") {
      send(res, answerRest(state, { method, segments, query, body, accept: "" }));
      return;
    }
    const recorded: RecordedRequest = { method, path: queryString === "" ? path : `${path}?${queryString}` };
    if (body !== undefined) recorded.body = body;
    if (graphql) Object.assign(recorded, describeGraphql(body));
    requests.push(recorded);
    const answer = (reply: Reply): void => {
      recorded.status = reply.status;
      send(res, reply);
    };

    // GitHub's web host, not its API: the OAuth web flow (no REST description applies).
    const web = path.startsWith("/login/oauth/")
      ? answerOAuthWeb(state, { method, path, query, body, accept: String(req.headers.accept ?? "").toLowerCase() })
      : undefined;
    if (web !== undefined) {
      answer(web);
      return;
    }
    const refusal = graphql ? graphqlRefusal(body) : restRefusal({ method, path, segments, query, body });
    if (refusal !== undefined) {
      const operation = refusal.operation ?? recorded.operation;
      invalid.push({ method, path: recorded.path, ...(operation !== undefined ? { operation } : {}), reason: refusal.reason });
      answer(refusal.reply);
      return;
    }

    const failureAt = failures.findIndex(
      (f) => (f.matcher.method === undefined || f.matcher.method.toUpperCase() === method) && path.startsWith(f.matcher.pathPrefix),
    );
    if (failureAt >= 0) {
      const [failure] = failures.splice(failureAt, 1);
      if (failure) {
        answer({ status: failure.status, headers: failure.headers, body: failure.body });
        return;
      }
    }

    const apply = (): Reply =>
      graphql
        ? answerGraphql(state, body)
        : answerRest(state, {
            method,
            segments,
            query,
            body,
            accept: String(req.headers.accept ?? "").toLowerCase(),
            url: `http://${req.headers.host ?? "127.0.0.1"}${rawUrl}`,
            authorization: String(req.headers.authorization ?? ""),
          });
    const fault = pickFault(graphql ? (recorded.operation ?? "") : `${method} ${path}`);
    if (fault === undefined) {
      answer(apply());
      return;
    }
    if (fault.delay_ms !== undefined) await new Promise((resolve) => setTimeout(resolve, fault.delay_ms));
    if (fault.status === undefined) {
      answer(apply());
      return;
    }
    // A lost response: GitHub did the work, the client never heard.
    if (fault.after === true) apply();
    if (fault.hang_ms !== undefined) {
      // Until the client gives up (its request timeout closes the connection), at most hang_ms.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, fault.hang_ms);
        res.once("close", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (res.destroyed) {
      recorded.status = fault.status;
      return;
    }
    answer(faultReply({ ...fault, status: fault.status }));
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    invalid,
    world,
    observe: (eventName, payload) => state.observe(eventName, payload as JsonObject),
    commitFiles: (files) => state.commitFiles(files),
    setFaults: (faults) => {
      pickFault = createFaultInjector(faults);
    },
    failNext: (matcher, status, headers = {}, body) => {
      failures.push({
        matcher,
        status,
        headers,
        body: body ?? {
          message: status >= 500 ? "Server Error" : `Injected failure ${status}`,
          documentation_url: "https://docs.github.com/rest",
        },
      });
    },
    recordDelivery: (attempt) => state.hookDeliveries.record(attempt, state.now()),
    deliveries: state.hookDeliveries.log,
    redeliveriesSettled: () => state.hookDeliveries.settled(),
    useWebhook: (target) => {
      state.hookDeliveries.webhook = target;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Octokit's fetch keeps connections alive: close them or `close` waits for their timeout.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** How GitHub answers a request it refuses: the reply, and the reason the stand-in records. */
interface Refusal {
  reply: Reply;
  reason: string;
  operation?: string;
}

function restRefusal(request: Parameters<typeof validateRestRequest>[0]): Refusal | undefined {
  const refused = validateRestRequest(request);
  if (refused === undefined) return undefined;
  const documentation_url = "https://docs.github.com/rest";
  // GitHub's own first line ("Not Found", "Validation Failed", "Invalid request.\n\n…") is the message.
  const message = refused.status === 404 ? "Not Found" : refused.reason;
  return {
    reply: { status: refused.status, body: { message, documentation_url, status: String(refused.status) } },
    reason: refused.reason,
    ...(refused.operation ? { operation: refused.operation } : {}),
  };
}

function graphqlRefusal(body: unknown): Refusal | undefined {
  const refused = checkGraphqlRequest(body);
  if (refused === undefined) return undefined;
  const reply: Reply =
    refused.status === 400
      ? { status: 400, body: { message: refused.reason, documentation_url: "https://docs.github.com/graphql" } }
      : { status: 200, body: { errors: refused.errors } };
  return { reply, reason: refused.reason };
}

function faultReply(fault: Fault & { status: NonNullable<Fault["status"]> }): Reply {
  const headers: Record<string, string> = fault.retry_after === undefined ? {} : { "retry-after": String(fault.retry_after) };
  return { status: fault.status, headers, body: githubErrorBody(fault.status) };
}

/** The path GitHub's REST docs use: without the GHES `/api/v3` prefix; GHES GraphQL is `/api/graphql`. */
function githubPath(rawPath: string): string {
  if (rawPath === "/api/graphql") return "/graphql";
  if (rawPath === "/api/v3" || rawPath.startsWith("/api/v3/")) return rawPath.slice("/api/v3".length) || "/";
  return rawPath;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = {
    "x-github-request-id": `STANDIN:${Math.random().toString(16).slice(2, 10)}`,
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "4999",
    "x-ratelimit-used": "1",
    "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
    ...reply.headers,
  };
  if (reply.status === 204 || reply.status === 304) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  if (reply.text !== undefined) {
    res.writeHead(reply.status, { "content-type": "text/plain; charset=utf-8", ...headers }).end(reply.text);
    return;
  }
  res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8", ...headers }).end(JSON.stringify(reply.body ?? {}));
}
