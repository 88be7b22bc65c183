import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { startGitHubStandIn, type StandIn } from "../../src/sim/github-stand-in.js";
import { openStore } from "../../src/store/open-store.js";
import type { AuditEntry, Store } from "../../src/store/store.js";
import { dashboardAccess } from "../../src/web/dashboard/dashboard-access.js";
import type { DashboardDeps } from "../../src/web/dashboard/dashboard-routes.js";
import { testWorld } from "../app/stand-in-harness.js";
import { startDashboard } from "./dashboard-server.js";
import { auditEntry } from "../store/audit-entry.js";

const CLIENT = { clientId: "Iv1.standin", clientSecret: "standin-client-secret" };

function row(repo: string, reason: string): AuditEntry {
  return auditEntry({ at: "2026-11-20T10:00:00.000Z", deliveryId: `d-${repo}`, repo, verdict: "gate", reasons: [reason] });
}

let store: Store;
let standIn: StandIn;
let dashboard: { url: string; close(): Promise<void> };
beforeEach(async () => {
  store = await openStore(":memory:");
  await store.appendAudit(row("acme/widgets", "a widgets row"));
  await store.appendAudit(row("acme/secret", "a secret row"));
  standIn = await startGitHubStandIn({ ...testWorld(""), members: ["maint", "dev", "reader", "outsider"] }, { oauth: CLIENT });
  const deps: DashboardDeps = { store, access: null, clock: () => new Date("2026-11-20T12:00:00.000Z") };
  dashboard = await startDashboard(deps);
  deps.access = dashboardAccess({
    GITHUB_CLIENT_ID: CLIENT.clientId,
    GITHUB_CLIENT_SECRET: CLIENT.clientSecret,
    GHE_HOST: standIn.url.replace("http://", ""),
    GHE_PROTOCOL: "http",
    DASHBOARD_URL: dashboard.url,
  });
});
afterEach(async () => {
  await dashboard.close();
  await standIn.close();
  await store.close();
});

/** GitHub's web flow by hand: start, sign in on the stand-in as `login`, come back; the session cookie. */
async function signIn(login: string): Promise<string> {
  const start = await fetch(`${dashboard.url}/guardrails/oauth/start`, { redirect: "manual" });
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get("location")!);
  expect(authorize.origin + authorize.pathname).toBe(`${standIn.url}/login/oauth/authorize`);
  const stateCookie = start.headers.get("set-cookie")!.split(";")[0]!;
  const form = new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), login });
  const consent = await fetch(`${standIn.url}/login/oauth/authorize`, { method: "POST", body: form, redirect: "manual" });
  expect(consent.status).toBe(302);
  const callback = new URL(consent.headers.get("location")!);
  expect(callback.pathname).toBe("/guardrails/oauth/callback");
  const back = await fetch(callback, { headers: { cookie: stateCookie }, redirect: "manual" });
  expect(back.status).toBe(200);
  const session = back.headers.getSetCookie().find((c) => c.startsWith("guardrails_session="))!;
  expect(session).toContain("SameSite=Strict");
  return session.split(";")[0]!;
}

describe("GitHub sign-in through the App's OAuth client", () => {
  test("a signed-in user sees the repositories they can read, and not one they cannot", async () => {
    const cookie = await signIn("dev");
    const page = await (await fetch(`${dashboard.url}/guardrails/audit`, { headers: { cookie } })).text();
    expect(page).toContain("Signed in as dev");
    expect(page).toContain("a widgets row");
    expect(page).not.toContain("a secret row");
    const api = await fetch(`${dashboard.url}/guardrails/api/audit?repo=acme/secret`, { headers: { cookie } });
    expect(api.status).toBe(200);
    expect(await api.text()).toBe("");
    expect(api.headers.get("x-total-count")).toBe("0");
    // The flow's requests, as GitHub would have them.
    const paths = standIn.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        "POST /login/oauth/access_token",
        "GET /user",
        "GET /user/installations",
        "GET /user/installations/1/repositories",
      ]),
    );
    expect(standIn.invalid).toEqual([]);
  });

  test("someone with no role on any repository of the installation sees no row", async () => {
    const cookie = await signIn("outsider");
    const page = await (await fetch(`${dashboard.url}/guardrails/audit`, { headers: { cookie } })).text();
    expect(page).toContain("Signed in as outsider");
    expect(page).not.toContain("a widgets row");
    expect(page).not.toContain("a secret row");
  });

  test("an answer that does not carry this browser's state is refused", async () => {
    const start = await fetch(`${dashboard.url}/guardrails/oauth/start`, { redirect: "manual" });
    const stateCookie = start.headers.get("set-cookie")!.split(";")[0]!;
    const authorize = new URL(start.headers.get("location")!);
    const consent = await fetch(`${standIn.url}/login/oauth/authorize`, {
      method: "POST",
      body: new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), login: "dev" }),
      redirect: "manual",
    });
    const callback = new URL(consent.headers.get("location")!);
    // Another browser (no state cookie) replaying the callback: no session.
    const replay = await fetch(callback, { redirect: "manual" });
    expect(replay.status).toBe(400);
    expect(replay.headers.getSetCookie().some((c) => c.startsWith("guardrails_session=") && !c.startsWith("guardrails_session=;"))).toBe(
      false,
    );
    // A forged state with the right cookie: refused too.
    callback.searchParams.set("state", "forged.state");
    expect((await fetch(callback, { headers: { cookie: stateCookie }, redirect: "manual" })).status).toBe(400);
  });

  test("a used code is refused by GitHub (HTTP 200 with an error), and the sign-in says it failed", async () => {
    const start = await fetch(`${dashboard.url}/guardrails/oauth/start`, { redirect: "manual" });
    const stateCookie = start.headers.get("set-cookie")!.split(";")[0]!;
    const authorize = new URL(start.headers.get("location")!);
    const consent = await fetch(`${standIn.url}/login/oauth/authorize`, {
      method: "POST",
      body: new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), login: "dev" }),
      redirect: "manual",
    });
    const callback = new URL(consent.headers.get("location")!);
    expect((await fetch(callback, { headers: { cookie: stateCookie }, redirect: "manual" })).status).toBe(200);
    const again = await fetch(callback, { headers: { cookie: stateCookie }, redirect: "manual" });
    expect(again.status).toBe(502);
    expect(await again.text()).toContain("GitHub sign-in failed");
  });

  test("the user endpoints refuse an installation token", async () => {
    const res = await fetch(`${standIn.url}/api/v3/user`, { headers: { authorization: "token test-token" } });
    expect(res.status).toBe(403);
  });
});
