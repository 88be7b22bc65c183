import { createHash, createHmac } from "node:crypto";
import type { RuntimeEnv } from "../../runtime-env.js";

/** GitHub sign-in through the App's OAuth client. */
export interface GitHubSignIn {
  clientId: string;
  clientSecret: string;
  /** Where people sign in (`https://github.com`, or a GHES host): `/login/oauth/*` lives there. */
  webUrl: string;
  /** The REST API the user token is used on (`https://api.github.com`, or `<host>/api/v3`). */
  apiUrl: string;
  /** The callback GitHub sends people back to; absent: the App's registered callback URL. */
  redirectUri?: string;
}

/** Who may open the dashboard: the token, GitHub sign-in, or both. Null: the dashboard is off. */
export interface DashboardAccess {
  token?: string;
  github?: GitHubSignIn;
  /** Signs session cookies and CSRF tokens; derived from the secrets, so every replica agrees. */
  key: Buffer;
}

/**
 * The dashboard's access from the environment (the contract: `DASHBOARD_TOKEN` and/or
 * `GITHUB_CLIENT_ID` + `GITHUB_CLIENT_SECRET`; with neither the dashboard serves no data).
 */
export function dashboardAccess(
  env: Partial<
    Pick<RuntimeEnv, "DASHBOARD_TOKEN" | "GITHUB_CLIENT_ID" | "GITHUB_CLIENT_SECRET" | "DASHBOARD_URL" | "GHE_HOST" | "GHE_PROTOCOL">
  >,
): DashboardAccess | null {
  const token = env.DASHBOARD_TOKEN;
  const github = env.GITHUB_CLIENT_ID && env.GITHUB_CLIENT_SECRET ? signInOf(env) : undefined;
  if (token === undefined && github === undefined) return null;
  // A key of its own per purpose, never the token itself: a leaked cookie does not reveal it.
  const secret = createHash("sha256")
    .update(`${token ?? ""}\u0000${github?.clientSecret ?? ""}`)
    .digest();
  const key = createHmac("sha256", secret).update("agent-guardrails dashboard sessions").digest();
  return { ...(token !== undefined ? { token } : {}), ...(github ? { github } : {}), key };
}

function signInOf(
  env: Partial<Pick<RuntimeEnv, "GITHUB_CLIENT_ID" | "GITHUB_CLIENT_SECRET" | "DASHBOARD_URL" | "GHE_HOST" | "GHE_PROTOCOL">>,
): GitHubSignIn {
  const webUrl = env.GHE_HOST ? `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}` : "https://github.com";
  const apiUrl = env.GHE_HOST ? `${webUrl}/api/v3` : "https://api.github.com";
  const redirectUri = env.DASHBOARD_URL ? `${env.DASHBOARD_URL.replace(/\/+$/, "")}/guardrails/oauth/callback` : undefined;
  return {
    clientId: env.GITHUB_CLIENT_ID!,
    clientSecret: env.GITHUB_CLIENT_SECRET!,
    webUrl,
    apiUrl,
    ...(redirectUri ? { redirectUri } : {}),
  };
}
