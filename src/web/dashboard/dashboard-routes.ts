import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { LRUCache } from "lru-cache";
import { CONFIG_PATH } from "../../config/load-config.js";
import type { Store } from "../../store/store.js";
import { summarizeAgents } from "../../owner/agent-summary.js";
import { EVIDENCE_WINDOW_MS } from "../../owner/recommend-changes.js";
import { activitySeries } from "./activity-series.js";
import { agentOverrides } from "./agent-overrides.js";
import type { DashboardAccess } from "./dashboard-access.js";
import { formatAudit } from "../../audit/format-audit.js";
import { dashboardAudit } from "./dashboard-audit.js";
import { authorizeUrl, exchangeCode, readableRepositories, readUser } from "./github-sign-in.js";
import { escapeHtml } from "./html.js";
import { DECIDABLE_KINDS, pendingApprovals, tripProgress } from "./owner-views.js";
import { renderApprovalsPage } from "./pages/render-approvals-page.js";
import { renderAuditPage, type AuditPageFilters } from "./pages/render-audit-page.js";
import { renderBreakersPage } from "./pages/render-breakers-page.js";
import type { PageViewer } from "./pages/render-layout.js";
import { renderOverviewPage, type AgentCard } from "./pages/render-overview-page.js";
import { accountTiers } from "../../policy/tier/account-tier.js";
import { renderSignInPage } from "./pages/render-sign-in-page.js";
import {
  cookie,
  csrfToken,
  mac,
  newSessionId,
  readCookies,
  sameText,
  SESSION_COOKIE,
  SESSION_MS,
  signSession,
  verifySession,
  type Session,
} from "./session-cookie.js";
import { staticAsset } from "./static-assets.js";

type AddHandler = (handler: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>) => void;

/** A maintainer's Approve / Reject from the dashboard, to be decided as the command `/guardrails approve|reject` is. */
export interface DashboardDecision {
  repo: string;
  number: number;
  installationId: number;
  decision: "approve" | "reject";
  user: { login: string; id: number };
  /** The item is a pull request (approve then passes its check for the current head), else a thread with held comments. */
  isPullRequest: boolean;
  /** A held comment's URL: the command then names it (`/guardrails approve <url>`), not every comment held in the thread. */
  commentUrl?: string;
}

/** What the dashboard needs: the store, its access (null: off), and the command path for the buttons. */
export interface DashboardDeps {
  store: Store;
  access: DashboardAccess | null;
  clock?: () => Date;
  /** Runs the decision through the same pipeline as the comment command; absent: the buttons answer 503. */
  decide?: (decision: DashboardDecision) => Promise<{ verdict: string; reasons: string[] }>;
  log?: Logger;
}

/** A viewer: the token (sees every repository, read-only) or a GitHub user (sees what they can read). */
type Viewer =
  { kind: "token"; sid: string | null } | { kind: "github"; sid: string; login: string; id: number; repos: ReadonlySet<string> };

/** Server-side state of a GitHub session: the user token never leaves the process. */
interface UserRecord {
  token: string;
  login: string;
  id: number;
  repos: ReadonlySet<string>;
  reposAt: number;
}

/** Repository access is read again after this long (the brief cache of "who can read what"). */
const REPOS_TTL_MS = 5 * 60_000;
const OAUTH_COOKIE = "guardrails_oauth";
const WEEK_MS = 7 * 86_400_000;
const MAX_FORM_BYTES = 16 * 1024;

/** Headers on every dashboard answer: no inline script, no framing, no caching of data. */
function securityHeaders(type: string): Record<string, string> {
  return {
    "content-type": type,
    "content-security-policy":
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
  };
}

/**
 * The owner's dashboard at `/guardrails`: server-rendered pages, the audit log over HTTP, and the
 * sign-in. Access (docs/dashboard.md): `DASHBOARD_TOKEN` as a Bearer header or through the
 * sign-in form (an HMAC-signed session cookie, never the token), and/or GitHub sign-in through the
 * App's OAuth client, whose users see only repositories they can read. Off (neither configured):
 * every `/guardrails` path answers 404 and no data.
 */
export function addDashboardRoutes(addHandler: AddHandler, deps: DashboardDeps): void {
  const clock = deps.clock ?? (() => new Date());
  const users = new LRUCache<string, UserRecord>({ max: 5_000, ttl: SESSION_MS });

  addHandler(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://dashboard.invalid");
    const path = url.pathname;
    if (path !== "/guardrails" && !path.startsWith("/guardrails/")) return false;
    const access = deps.access;
    if (access === null) {
      send(
        res,
        404,
        "text/plain; charset=utf-8",
        "Not found: the dashboard is off (set DASHBOARD_TOKEN or GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET).\n",
      );
      return true;
    }
    try {
      await route(access, req, res, url);
    } catch (error) {
      deps.log?.error({ err: error instanceof Error ? error.message : String(error), path }, "dashboard request failed");
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "The dashboard could not answer (see the app's log).\n");
    }
    return true;
  });

  async function route(access: DashboardAccess, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.replace(/\/+$/, "") || "/guardrails";
    const method = req.method ?? "GET";
    const secure = isHttps(req, access);

    if (path.startsWith("/guardrails/assets/") && method === "GET") {
      const asset = staticAsset(path.slice("/guardrails/assets/".length));
      if (!asset) return send(res, 404, "text/plain; charset=utf-8", "Not found\n");
      res.writeHead(200, { ...securityHeaders(asset.type), "cache-control": "public, max-age=3600" }).end(asset.body);
      return;
    }
    if (path === "/guardrails/login") {
      if (method === "GET")
        return page(
          res,
          200,
          renderSignInPage({
            token: access.token !== undefined,
            github: access.github !== undefined,
            next: safeNext(url.searchParams.get("next")),
          }),
        );
      if (method === "POST") return signInWithToken(access, req, res, secure);
    }
    if (path === "/guardrails/oauth/start" && method === "GET" && access.github) return startOAuth(access, res, secure);
    if (path === "/guardrails/oauth/callback" && method === "GET" && access.github) return finishOAuth(access, req, res, url, secure);

    const viewer = await viewerOf(access, req);
    if (viewer === "wrong-token")
      return send(res, 401, "application/json", JSON.stringify({ error: "wrong dashboard token" }) + "\n", {
        "www-authenticate": 'Bearer realm="agent-guardrails"',
      });
    if (viewer === null) {
      if (path.startsWith("/guardrails/api/") || method !== "GET") {
        return send(
          res,
          401,
          "application/json",
          JSON.stringify({ error: "sign in: Authorization: Bearer <DASHBOARD_TOKEN>, or the sign-in page" }) + "\n",
          { "www-authenticate": 'Bearer realm="agent-guardrails"' },
        );
      }
      res
        .writeHead(303, {
          ...securityHeaders("text/plain"),
          location: `/guardrails/login?next=${encodeURIComponent(url.pathname + url.search)}`,
        })
        .end();
      return;
    }
    const csrf = viewer.sid ? csrfToken(access.key, viewer.sid) : "";
    const pageViewer: PageViewer = viewer.kind === "github" ? { kind: "github", login: viewer.login, csrf } : { kind: "token", csrf };
    const canRead = (repo: string) => viewer.kind === "token" || viewer.repos.has(repo.toLowerCase());
    const readAll = viewer.kind === "token" ? ("all" as const) : canRead;

    if (method === "POST") {
      const form = await readForm(req);
      if (form === null) return send(res, 413, "text/plain; charset=utf-8", "Form too large\n");
      // A session-cookie POST carries its CSRF token (Bearer requests are not sent by browsers on their own).
      if (viewer.sid !== null && !sameText(form.get("csrf") ?? "", csrf))
        return send(res, 403, "text/plain; charset=utf-8", "Refused: missing or wrong CSRF token (reload the page)\n");
      if (path === "/guardrails/logout") {
        if (viewer.sid) users.delete(viewer.sid);
        res
          .writeHead(303, {
            ...securityHeaders("text/plain"),
            location: "/guardrails/login",
            "set-cookie": cookie(SESSION_COOKIE, "", { secure, maxAgeSeconds: 0 }),
          })
          .end();
        return;
      }
      if (path === "/guardrails/approvals/decide") return decideFromDashboard(viewer, pageViewer, form, res, canRead);
      return send(res, 404, "text/plain; charset=utf-8", "Not found\n");
    }
    if (method !== "GET") return send(res, 405, "text/plain; charset=utf-8", "Method not allowed\n", { allow: "GET, POST" });

    const now = clock();
    switch (path) {
      case "/guardrails":
        return page(res, 200, await overview(pageViewer, canRead, now));
      case "/guardrails/breakers": {
        const [breakers, effects] = await Promise.all([deps.store.breakers(), deps.store.listEffects()]);
        const visible = effects.filter((e) => canRead(`${e.owner}/${e.repo}`));
        const trips = tripProgress(
          breakers.filter(
            (b) =>
              canRead(b.repo ?? "") || (viewer.kind === "github" && visible.some((e) => e.tag?.startsWith(`trip:${b.org}:${b.agent}:`))),
          ),
          visible,
        );
        return page(res, 200, renderBreakersPage(pageViewer, trips));
      }
      case "/guardrails/approvals":
        return page(res, 200, renderApprovalsPage(pageViewer, await pendingFor(canRead, now)));
      case "/guardrails/audit": {
        const filters = auditFilters(url.searchParams);
        const result = await dashboardAudit(
          deps.store,
          { ...filters, limit: "50", offset: url.searchParams.get("offset") ?? "0" },
          now,
          readAll,
        );
        if ("error" in result)
          return page(res, 400, renderAuditPage(pageViewer, { filters, rows: [], total: 0, offset: 0, limit: 50, error: result.error }));
        // Newest first on the page.
        return page(
          res,
          200,
          renderAuditPage(pageViewer, {
            filters,
            rows: [...result.rows].reverse(),
            total: result.total,
            offset: result.query.offset,
            limit: result.query.limit,
          }),
        );
      }
      case "/guardrails/api/audit": {
        const params = Object.fromEntries(url.searchParams);
        params.format ??= "json";
        if (params.format !== "json" && params.format !== "csv")
          return send(res, 400, "application/json", JSON.stringify({ error: "format must be json or csv" }) + "\n");
        const result = await dashboardAudit(deps.store, params, now, readAll);
        if ("error" in result) return send(res, 400, "application/json", JSON.stringify({ error: result.error }) + "\n");
        // The CLI's output (JSON lines, or CSV), oldest first; what was left out is in the headers.
        const headers = { "x-total-count": String(result.total), "x-omitted-count": String(result.omitted) };
        const text = formatAudit(result.rows, result.query.format);
        if (result.query.format === "csv")
          return send(res, 200, "text/csv; charset=utf-8", text, {
            ...headers,
            "content-disposition": 'attachment; filename="agent-guardrails-audit.csv"',
          });
        return send(res, 200, "application/x-ndjson; charset=utf-8", text, headers);
      }
      default:
        return send(res, 404, "text/plain; charset=utf-8", "Not found\n");
    }
  }

  /** The viewer of a request: a right Bearer token, or a valid session cookie; "wrong-token" for a wrong Bearer. */
  async function viewerOf(access: DashboardAccess, req: IncomingMessage): Promise<Viewer | "wrong-token" | null> {
    const auth = req.headers.authorization;
    if (auth !== undefined && /^bearer\s/i.test(auth)) {
      const given = auth.replace(/^bearer\s+/i, "").trim();
      return access.token !== undefined && sameText(given, access.token) ? { kind: "token", sid: null } : "wrong-token";
    }
    const session = verifySession(access.key, readCookies(req.headers.cookie)[SESSION_COOKIE], clock());
    if (session === null) return null;
    if (session.kind === "token") return access.token !== undefined ? { kind: "token", sid: session.sid } : null;
    const user = users.get(session.sid);
    if (!user || !access.github) return null;
    if (clock().getTime() - user.reposAt > REPOS_TTL_MS) {
      try {
        user.repos = await readableRepositories(access.github, user.token);
        user.reposAt = clock().getTime();
      } catch (error) {
        // A revoked or expired user token (or GitHub unreachable): signed out, never the stale list.
        deps.log?.warn(
          { actor: user.login, action: "dashboard.repositories", err: error instanceof Error ? error.message : String(error) },
          "dashboard: could not read the user's repositories again: signed out",
        );
        users.delete(session.sid);
        return null;
      }
    }
    return { kind: "github", sid: session.sid, login: user.login, id: user.id, repos: user.repos };
  }

  async function signInWithToken(access: DashboardAccess, req: IncomingMessage, res: ServerResponse, secure: boolean): Promise<void> {
    const form = await readForm(req);
    const next = safeNext(form?.get("next") ?? null);
    if (access.token === undefined || !sameText(form?.get("token") ?? "", access.token)) {
      deps.log?.warn({ action: "dashboard.sign_in", audit: true }, "dashboard sign-in refused: wrong token");
      return page(
        res,
        401,
        renderSignInPage({ token: access.token !== undefined, github: access.github !== undefined, error: "Wrong token.", next }),
      );
    }
    const session: Session = { sid: newSessionId(), kind: "token", exp: clock().getTime() + SESSION_MS };
    res
      .writeHead(303, {
        ...securityHeaders("text/plain"),
        location: next,
        "set-cookie": cookie(SESSION_COOKIE, signSession(access.key, session), { secure, maxAgeSeconds: SESSION_MS / 1000 }),
      })
      .end();
  }

  function startOAuth(access: DashboardAccess, res: ServerResponse, secure: boolean): void {
    const nonce = newSessionId();
    const state = `${nonce}.${mac(access.key, `oauth:${nonce}`)}`;
    // Lax, not Strict: GitHub's redirect back is a cross-site navigation, on which Strict cookies are not sent.
    const stateCookie = `${OAUTH_COOKIE}=${nonce}; Path=/guardrails/oauth; HttpOnly; SameSite=Lax; Max-Age=600${secure ? "; Secure" : ""}`;
    res
      .writeHead(302, { ...securityHeaders("text/plain"), location: authorizeUrl(access.github!, state), "set-cookie": stateCookie })
      .end();
  }

  async function finishOAuth(access: DashboardAccess, req: IncomingMessage, res: ServerResponse, url: URL, secure: boolean): Promise<void> {
    const signIn = access.github!;
    const nonce = readCookies(req.headers.cookie)[OAUTH_COOKIE] ?? "";
    const state = url.searchParams.get("state") ?? "";
    const code = url.searchParams.get("code") ?? "";
    const clear = `${OAUTH_COOKIE}=; Path=/guardrails/oauth; HttpOnly; SameSite=Lax; Max-Age=0`;
    if (!nonce || !code || !sameText(state, `${nonce}.${mac(access.key, `oauth:${nonce}`)}`)) {
      return page(
        res,
        400,
        renderSignInPage({
          token: access.token !== undefined,
          github: true,
          error: "GitHub sign-in failed: the answer did not match this browser's request (state). Try again.",
        }),
        { "set-cookie": clear },
      );
    }
    let record: UserRecord;
    try {
      const token = await exchangeCode(signIn, code);
      const user = await readUser(signIn, token);
      record = { token, login: user.login, id: user.id, repos: await readableRepositories(signIn, token), reposAt: clock().getTime() };
    } catch (error) {
      deps.log?.warn({ err: error instanceof Error ? error.message : String(error), action: "dashboard.sign_in" }, "GitHub sign-in failed");
      return page(
        res,
        502,
        renderSignInPage({
          token: access.token !== undefined,
          github: true,
          error: "GitHub sign-in failed: GitHub refused the code or could not be reached. Try again.",
        }),
        { "set-cookie": clear },
      );
    }
    const sid = newSessionId();
    users.set(sid, record);
    deps.log?.info(
      { actor: record.login, action: "dashboard.sign_in", audit: true, repos: record.repos.size },
      "dashboard: signed in with GitHub",
    );
    const session: Session = { sid, kind: "github", login: record.login, userId: record.id, exp: clock().getTime() + SESSION_MS };
    // A page that moves on by itself, not a redirect: the Strict session cookie is then sent (a
    // redirect would still count as the cross-site navigation from GitHub).
    const body = `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/guardrails"><title>Signed in</title><p>Signed in as ${escapeHtml(record.login)}. <a href="/guardrails">Continue</a></p>`;
    res
      .writeHead(200, {
        ...securityHeaders("text/html; charset=utf-8"),
        "set-cookie": [clear, cookie(SESSION_COOKIE, signSession(access.key, session), { secure, maxAgeSeconds: SESSION_MS / 1000 })],
      })
      .end(body);
  }

  /** The summaries of the last week, from the evidence window's rows of the repositories the viewer reads. */
  async function summaries(canRead: (repo: string) => boolean, now: Date) {
    const from = new Date(now.getTime() - WEEK_MS);
    const since = new Date(now.getTime() - EVIDENCE_WINDOW_MS).toISOString();
    const rows = (await deps.store.listAudit({ since, limit: 200_000 })).filter((r) => canRead(r.repo));
    // An org-wide breaker (no repository) is shown to the token only: canRead("") is false for a GitHub user.
    const breakers = (await deps.store.breakers()).filter((b) => canRead(b.repo ?? ""));
    return { from, rows, summaries: summarizeAgents({ rows, breakers, from, to: now, now }) };
  }

  async function pendingFor(canRead: (repo: string) => boolean, now: Date) {
    return pendingApprovals((await summaries(canRead, now)).summaries).filter((p) => canRead(p.repo));
  }

  async function overview(viewer: PageViewer, canRead: (repo: string) => boolean, now: Date): Promise<string> {
    const { from, rows, summaries: all } = await summaries(canRead, now);
    const series = new Map(
      activitySeries(
        rows,
        from,
        now,
        all.map((s) => s.agent),
      ).map((s) => [s.agent, s]),
    );
    const cards: AgentCard[] = [];
    for (const summary of all) {
      if (summary.agent === "*") continue;
      const overrides: AgentCard["overrides"] = [];
      for (const repo of summary.repos) {
        const cached = await deps.store.getCachedFile(`${repo}:${CONFIG_PATH}`);
        const values = agentOverrides(cached?.text ?? null, summary.agent);
        if (values) overrides.push({ repo, values });
      }
      cards.push({
        agent: summary.agent,
        repos: summary.repos,
        series: series.get(summary.agent)!,
        actions: summary.actions,
        approvals: summary.approvals,
        rejections: summary.rejections,
        medianApproveMs: summary.medianApproveMs,
        contained: summary.contained,
        trips: summary.trips,
        waiting: summary.waiting.length,
        lastDrill: summary.lastDrill,
        recommendations: summary.recommendations,
        overrides,
      });
    }
    const accounts = accountTiers(rows.filter((r) => r.at >= from.toISOString()));
    return renderOverviewPage(viewer, cards, { from, to: now }, accounts);
  }

  async function decideFromDashboard(
    viewer: Viewer,
    pageViewer: PageViewer,
    form: URLSearchParams,
    res: ServerResponse,
    canRead: (repo: string) => boolean,
  ): Promise<void> {
    if (viewer.kind !== "github")
      return send(
        res,
        403,
        "text/plain; charset=utf-8",
        "Refused: the dashboard token is read-only; sign in with GitHub to approve or reject.\n",
      );
    const repo = form.get("repo") ?? "";
    const number = Number(form.get("number"));
    const decision = form.get("decision");
    if (!canRead(repo) || !Number.isInteger(number) || number < 1 || (decision !== "approve" && decision !== "reject")) {
      return send(res, 404, "text/plain; charset=utf-8", "No such pending item\n");
    }
    const now = clock();
    const url = form.get("url") ?? "";
    const item = (await pendingFor(canRead, now)).find(
      (p) =>
        p.repo.toLowerCase() === repo.toLowerCase() && p.number === number && DECIDABLE_KINDS.has(p.kind) && (url === "" || p.url === url),
    );
    const installationId = item ? await installationOf(item.repo) : null;
    if (!item || installationId === null)
      return page(res, 404, renderApprovalsPage(pageViewer, await pendingFor(canRead, now), `${repo}#${number} is not pending.`));
    if (!deps.decide) return send(res, 503, "text/plain; charset=utf-8", "Approving from the dashboard is not wired in this process\n");
    const outcome = await deps.decide({
      repo: item.repo,
      number,
      installationId,
      decision,
      user: { login: viewer.login, id: viewer.id },
      isPullRequest: item.kind === "pull_request",
      ...(item.kind === "comment" && item.url && /^https?:\/\/\S+$/.test(item.url) ? { commentUrl: item.url } : {}),
    });
    const notice = `${decision === "approve" ? "Approve" : "Reject"} ${item.repo}#${number}: ${outcome.verdict === "command" ? "done" : "refused"}${outcome.reasons.length ? ` (${outcome.reasons.join("; ")})` : ""}`;
    page(res, outcome.verdict === "command" ? 200 : 403, renderApprovalsPage(pageViewer, await pendingFor(canRead, clock()), notice));
  }

  /** The installation a repository's effects went out through (the gate's own effects name it). */
  async function installationOf(repo: string): Promise<number | null> {
    const [owner, name] = repo.split("/");
    const effects = await deps.store.listEffects();
    return (
      effects.find((e) => e.owner.toLowerCase() === owner?.toLowerCase() && e.repo.toLowerCase() === name?.toLowerCase())?.installationId ??
      null
    );
  }
}

function auditFilters(params: URLSearchParams): AuditPageFilters {
  const out: AuditPageFilters = {};
  for (const key of ["actor", "repo", "action", "verdict", "since", "until"] as const) {
    const v = params.get(key)?.trim();
    if (v) out[key] = v;
  }
  return out;
}

/** Only a dashboard path is a place to go back to after signing in (no open redirect). */
function safeNext(next: string | null): string {
  return next && /^\/guardrails(\/[^/\\]|$|\?)/.test(next) && !next.includes("//") ? next : "/guardrails";
}

function isHttps(req: IncomingMessage, access: DashboardAccess): boolean {
  return (
    (req.socket as { encrypted?: boolean }).encrypted === true ||
    String(req.headers["x-forwarded-proto"] ?? "").startsWith("https") ||
    access.github?.redirectUri?.startsWith("https:") === true
  );
}

function page(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  send(res, status, "text/html; charset=utf-8", body, extra);
}

function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { ...securityHeaders(type), ...extra }).end(body);
}

/** A urlencoded form body, at most 16 KB (null when larger). */
async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
