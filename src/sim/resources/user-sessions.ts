/**
 * People signing in to the App through its OAuth client (GitHub's web application flow), and
 * what their user tokens may read: `GET /login/oauth/authorize` (a sign-in page: the stand-in asks
 * which account, where GitHub asks for a password), `POST /login/oauth/access_token` on the web
 * host (not under /api/v3), then `GET /user`, `GET /user/installations` and
 * `GET /user/installations/{id}/repositories` with the user token. As GitHub does: a code works
 * once and for ten minutes; a wrong code or client secret is answered with HTTP 200 and an
 * `error` field; the user endpoints refuse an installation token (403); the repositories listed
 * are those the user has explicit permission on (a role other than none).
 */
import { randomBytes } from "node:crypto";
import type { StandInState } from "../stand-in-state.js";
import { forbidden, notFound, ok } from "./github-replies.js";
import { paginate } from "./paginate.js";
import { installation, repository } from "./repositories.js";
import type { Reply, RestRoute } from "./resource.js";

/** The App's OAuth client as registered on GitHub (the stand-in's options). */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  /** The callback URL registered with the App: used when the authorize request names none. */
  callbackUrl?: string;
}

const CODE_MS = 10 * 60_000;

/** Codes and user tokens the stand-in issued. */
export class UserSessions {
  private readonly codes = new Map<string, { login: string; clientId: string; expires: number }>();
  private readonly tokens = new Map<string, string>();
  client: OAuthClient | undefined;

  /** The login a user token belongs to (`Authorization: Bearer|token ghu_…`), if the stand-in issued it. */
  loginOf(authorization: string | undefined): string | undefined {
    const token = (authorization ?? "").replace(/^(bearer|token)\s+/i, "");
    return this.tokens.get(token);
  }

  /** Issues a user token directly (tests that start signed in). */
  tokenFor(login: string): string {
    const token = `ghu_${randomBytes(18).toString("base64url")}`;
    this.tokens.set(token, login);
    return token;
  }

  issueCode(login: string, clientId: string, now: number): string {
    const code = randomBytes(10).toString("hex");
    this.codes.set(code, { login, clientId, expires: now + CODE_MS });
    return code;
  }

  /** A code for a token, once. */
  redeem(code: string, clientId: string, now: number): string | undefined {
    const entry = this.codes.get(code);
    this.codes.delete(code);
    if (!entry || entry.clientId !== clientId || entry.expires < now) return undefined;
    return this.tokenFor(entry.login);
  }
}

/** The web host's OAuth endpoints; undefined for any other path (the REST router answers it). */
export function answerOAuthWeb(
  state: StandInState,
  request: { method: string; path: string; query: URLSearchParams; body: unknown; accept: string },
): Reply | undefined {
  const sessions = state.userSessions;
  const client = sessions.client;
  if (request.path === "/login/oauth/authorize") {
    const params = request.method === "POST" ? new URLSearchParams(typeof request.body === "string" ? request.body : "") : request.query;
    if (!client || params.get("client_id") !== client.clientId)
      return { status: 404, text: "Not Found", headers: { "content-type": "text/html; charset=utf-8" } };
    const callback = params.get("redirect_uri") ?? client.callbackUrl;
    if (
      !callback ||
      (client.callbackUrl !== undefined && !callback.startsWith(client.callbackUrl.replace(/\/guardrails\/oauth\/callback$/, "")))
    ) {
      return {
        status: 200,
        text: "<p>The redirect_uri MUST match the registered callback URL for this application.</p>",
        headers: { "content-type": "text/html; charset=utf-8" },
      };
    }
    const login = params.get("login") ?? "";
    if (request.method === "GET" || !state.people.exists(login)) {
      const hidden = ["client_id", "state", "redirect_uri"]
        .filter((k) => params.get(k) !== null)
        .map((k) => `<input type="hidden" name="${k}" value="${escapeAttr(params.get(k)!)}">`)
        .join("");
      const error = request.method === "POST" ? `<p class="flash-error">Incorrect username or password.</p>` : "";
      return {
        status: 200,
        headers: { "content-type": "text/html; charset=utf-8" },
        text: `<!doctype html><link rel="icon" href="data:,"><title>Sign in to GitHub</title><h1>Sign in to GitHub</h1>${error}<form method="post" action="/login/oauth/authorize">${hidden}<label>Username <input name="login" autofocus></label> <button type="submit">Authorize</button></form>`,
      };
    }
    const url = new URL(callback);
    url.searchParams.set("code", sessions.issueCode(login, client.clientId, state.clock().getTime()));
    if (params.get("state") !== null) url.searchParams.set("state", params.get("state")!);
    return { status: 302, headers: { location: url.href }, text: "" };
  }
  if (request.path === "/login/oauth/access_token" && request.method === "POST") {
    const body =
      typeof request.body === "string"
        ? Object.fromEntries(new URLSearchParams(request.body))
        : ((request.body ?? {}) as Record<string, unknown>);
    const params = { ...Object.fromEntries(request.query), ...body } as Record<string, unknown>;
    const answer = (fields: Record<string, string>): Reply =>
      request.accept.includes("application/json")
        ? ok(fields)
        : {
            status: 200,
            text: new URLSearchParams(fields).toString(),
            headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
          };
    if (!client || params.client_id !== client.clientId || params.client_secret !== client.clientSecret) {
      return answer({
        error: "incorrect_client_credentials",
        error_description: "The client_id and/or client_secret passed are incorrect.",
        error_uri:
          "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#incorrect-client-credentials",
      });
    }
    const token = sessions.redeem(String(params.code ?? ""), client.clientId, state.clock().getTime());
    if (!token) {
      return answer({
        error: "bad_verification_code",
        error_description: "The code passed is incorrect or expired.",
        error_uri:
          "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code",
      });
    }
    return answer({ access_token: token, token_type: "bearer", scope: "" });
  }
  return undefined;
}

function escapeAttr(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The signed-in user of a request, or GitHub's refusal of a token that is not a user's. */
function userOf(state: StandInState, authorization: string | undefined): { login: string } | { reply: Reply } {
  const login = state.userSessions.loginOf(authorization);
  if (login !== undefined) return { login };
  if (!authorization)
    return {
      reply: {
        status: 401,
        body: {
          message: "Requires authentication",
          documentation_url: "https://docs.github.com/rest/users/users#get-the-authenticated-user",
        },
      },
    };
  return { reply: forbidden("Resource not accessible by integration") };
}

/** REST routes of the signed-in user (user-to-server tokens). */
export const userSessionRoutes: RestRoute[] = [
  {
    method: "GET",
    pattern: "/user",
    permission: [],
    answer: (state, _p, request) => {
      const user = userOf(state, request.authorization);
      return "reply" in user ? user.reply : ok(state.people.account(user.login));
    },
  },
  {
    method: "GET",
    pattern: "/user/installations",
    permission: [],
    answer: (state, _p, request) => {
      const user = userOf(state, request.authorization);
      if ("reply" in user) return user.reply;
      const visible = state.people.role(user.login) !== "none" ? [installation(state, state.installationId)] : [];
      return paginate(request, visible, { wrap: "installations" });
    },
  },
  {
    method: "GET",
    pattern: "/user/installations/:installation_id/repositories",
    permission: [],
    answer: (state, p, request) => {
      const user = userOf(state, request.authorization);
      if ("reply" in user) return user.reply;
      if (Number(p.installation_id) !== state.installationId || state.people.role(user.login) === "none") return notFound();
      const [owner, repo] = state.repositories.main.split("/") as [string, string];
      return paginate(request, [repository(state, { owner, repo })], { wrap: "repositories" });
    },
  },
];
