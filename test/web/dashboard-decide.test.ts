import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { startDashboardApp, type DashboardApp } from "../browser/dashboard-app.js";

/**
 * The Approve / Reject buttons are authorized exactly like `/guardrails approve|reject`: the
 * signed-in user's role, read through the API, against `approvers` (write here), decided by the
 * command's own policy and audited with the user as actor.
 */
let dashboard: DashboardApp;
beforeAll(async () => {
  dashboard = await startDashboardApp();
}, 60_000);
afterAll(async () => {
  await dashboard.close();
});

/** GitHub's web flow by hand, as `login`: the session cookie. */
async function signIn(login: string): Promise<string> {
  const start = await fetch(`${dashboard.url}/guardrails/oauth/start`, { redirect: "manual" });
  const stateCookie = start.headers.get("set-cookie")!.split(";")[0]!;
  const authorize = new URL(start.headers.get("location")!);
  const consent = await fetch(`${authorize.origin}/login/oauth/authorize`, {
    method: "POST",
    body: new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), login }),
    redirect: "manual",
  });
  const back = await fetch(consent.headers.get("location")!, { headers: { cookie: stateCookie }, redirect: "manual" });
  return back.headers
    .getSetCookie()
    .find((c) => c.startsWith("guardrails_session="))!
    .split(";")[0]!;
}

async function csrfOf(cookie: string): Promise<string> {
  const page = await (await fetch(`${dashboard.url}/guardrails/approvals`, { headers: { cookie } })).text();
  return /name="csrf" value="([^"]+)"/.exec(page)![1]!;
}

describe("dashboard decisions", () => {
  test("a reader (below approvers: write) is refused by the command's own check, and the refusal is audited with them as actor", async () => {
    const cookie = await signIn("reader");
    const csrf = await csrfOf(cookie);
    const res = await fetch(`${dashboard.url}/guardrails/approvals/decide`, {
      method: "POST",
      headers: { cookie },
      body: new URLSearchParams({ csrf, repo: "acme/widgets", number: "42", decision: "approve" }),
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("reader has role &quot;read&quot;, below approvers: write");
    expect(await dashboard.app.store.approvalsFor("acme", "widgets", 42)).toEqual([]);
    const audit = await dashboard.app.store.listAudit({ actor: "reader" });
    expect(audit.map((r) => [r.action, r.verdict])).toEqual([["command.approve", "refused"]]);
  });

  test("without the session's CSRF token a signed-in maintainer's POST is refused and nothing is decided", async () => {
    const cookie = await signIn("maint");
    const res = await fetch(`${dashboard.url}/guardrails/approvals/decide`, {
      method: "POST",
      headers: { cookie },
      body: new URLSearchParams({ csrf: "guess", repo: "acme/widgets", number: "42", decision: "approve" }),
    });
    expect(res.status).toBe(403);
    expect(await dashboard.app.store.listAudit({ actor: "maint" })).toEqual([]);
  });

  test("an item that is not pending is not decided", async () => {
    const cookie = await signIn("maint");
    const csrf = await csrfOf(cookie);
    const res = await fetch(`${dashboard.url}/guardrails/approvals/decide`, {
      method: "POST",
      headers: { cookie },
      body: new URLSearchParams({ csrf, repo: "acme/widgets", number: "99", decision: "approve" }),
    });
    expect(res.status).toBe(404);
    expect(await dashboard.app.store.listAudit({ actor: "maint" })).toEqual([]);
  });
});
