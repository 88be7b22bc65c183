import type { GitHubSignIn } from "./dashboard-access.js";

/** A GitHub user signed in through the App's OAuth client. */
export interface GitHubUser {
  login: string;
  id: number;
}

/** GitHub's web flow, step 1: where the browser goes to sign in (`state` binds the answer to this browser). */
export function authorizeUrl(signIn: GitHubSignIn, state: string): string {
  const url = new URL("/login/oauth/authorize", signIn.webUrl);
  url.searchParams.set("client_id", signIn.clientId);
  url.searchParams.set("state", state);
  if (signIn.redirectUri) url.searchParams.set("redirect_uri", signIn.redirectUri);
  return url.href;
}

/**
 * Step 2: the code exchanged for a user token. GitHub answers a bad or used code with HTTP 200
 * and an `error` field (https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-user-access-token-for-a-github-app).
 */
export async function exchangeCode(signIn: GitHubSignIn, code: string): Promise<string> {
  const response = await fetch(new URL("/login/oauth/access_token", signIn.webUrl), {
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify({
      client_id: signIn.clientId,
      client_secret: signIn.clientSecret,
      code,
      ...(signIn.redirectUri ? { redirect_uri: signIn.redirectUri } : {}),
    }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; error?: unknown; error_description?: unknown };
  if (!response.ok || typeof body.access_token !== "string") {
    throw new Error(`GitHub refused the sign-in code: ${String(body.error_description ?? body.error ?? response.status)}`);
  }
  return body.access_token;
}

/** Step 3: who the token belongs to (`GET /user`). */
export async function readUser(signIn: GitHubSignIn, token: string): Promise<GitHubUser> {
  const body = (await userGet(signIn, token, "/user")) as { login?: unknown; id?: unknown };
  if (typeof body.login !== "string" || typeof body.id !== "number") throw new Error("GET /user answered no login");
  return { login: body.login, id: body.id };
}

/**
 * The repositories (`owner/name`, lower case) the user can read among the App's installations:
 * `GET /user/installations`, then `GET /user/installations/{id}/repositories` for each, every
 * page. A user token of a GitHub App sees only that App's installations and the repositories the
 * user can read there.
 */
export async function readableRepositories(signIn: GitHubSignIn, token: string): Promise<Set<string>> {
  const repos = new Set<string>();
  const installations: number[] = [];
  for (let page = 1; page <= 10; page++) {
    const body = (await userGet(signIn, token, `/user/installations?per_page=100&page=${page}`)) as { installations?: { id: number }[] };
    const list = body.installations ?? [];
    installations.push(...list.map((i) => i.id));
    if (list.length < 100) break;
  }
  for (const id of installations) {
    for (let page = 1; page <= 50; page++) {
      const body = (await userGet(signIn, token, `/user/installations/${id}/repositories?per_page=100&page=${page}`)) as {
        repositories?: { full_name: string }[];
      };
      const list = body.repositories ?? [];
      for (const repo of list) repos.add(repo.full_name.toLowerCase());
      if (list.length < 100) break;
    }
  }
  return repos;
}

async function userGet(signIn: GitHubSignIn, token: string, path: string): Promise<unknown> {
  const response = await fetch(`${signIn.apiUrl}${path}`, {
    headers: {
      accept: "application/vnd.github+json",
      authorization: `Bearer ${token}`,
      "x-github-api-version": "2022-11-28",
      "user-agent": "agent-guardrails-dashboard",
    },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`GitHub answered ${response.status} to GET ${path.split("?")[0]}`);
  return response.json();
}
