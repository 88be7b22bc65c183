import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { openStore } from "../../src/store/open-store.js";
import type { AuditEntry, Store } from "../../src/store/store.js";
import { dashboardAccess } from "../../src/web/dashboard/dashboard-access.js";
import { startDashboard } from "./dashboard-server.js";
import { auditEntry } from "../store/audit-entry.js";

const TOKEN = "a-dashboard-token-0123456789";
const NOW = new Date("2026-11-20T12:00:00.000Z");

function row(over: Partial<AuditEntry>): AuditEntry {
  return auditEntry({
    at: "2026-11-20T10:00:00.000Z",
    deliveryId: "d1",
    targetUrl: "https://github.com/acme/widgets/pull/7",
    verdict: "gate",
    reasons: ["agent PR: draft until approved"],
    ...over,
  });
}

let store: Store;
let server: { url: string; close(): Promise<void> } | undefined;
beforeEach(async () => {
  store = await openStore(":memory:");
  await store.appendAudit(row({}));
  await store.appendAudit(
    row({ repo: "acme/secret", org: "acme", targetNumber: 9, action: "issue_comment.created", reasons: ["secret repo row"] }),
  );
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await store.close();
});

async function start(env: Parameters<typeof dashboardAccess>[0]) {
  server = await startDashboard({ store, access: dashboardAccess(env), clock: () => NOW });
  return server.url;
}

describe("dashboard access", () => {
  test("with neither the token nor GitHub sign-in the dashboard is off: 404 everywhere, no data", async () => {
    const url = await start({});
    for (const path of [
      "/guardrails",
      "/guardrails/audit",
      "/guardrails/api/audit?since=7d",
      "/guardrails/login",
      "/guardrails/assets/dashboard.js",
    ]) {
      const res = await fetch(url + path, { headers: { authorization: `Bearer ${TOKEN}` }, redirect: "manual" });
      expect([path, res.status]).toEqual([path, 404]);
      expect(await res.text()).not.toContain("widgets");
    }
  });

  test("without a token: pages redirect to the sign-in page, the API answers 401", async () => {
    const url = await start({ DASHBOARD_TOKEN: TOKEN });
    const pageRes = await fetch(`${url}/guardrails/audit`, { redirect: "manual" });
    expect(pageRes.status).toBe(303);
    expect(pageRes.headers.get("location")).toBe("/guardrails/login?next=%2Fguardrails%2Faudit");
    const api = await fetch(`${url}/guardrails/api/audit?since=7d`);
    expect(api.status).toBe(401);
    expect(await api.text()).not.toContain("widgets");
  });

  test("a wrong Bearer token is 401 and serves no data", async () => {
    const url = await start({ DASHBOARD_TOKEN: TOKEN });
    const res = await fetch(`${url}/guardrails/api/audit?since=7d`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain("acme");
  });

  test("the right Bearer token reads the audit log as JSON lines and CSV, with the CLI's filters", async () => {
    const url = await start({ DASHBOARD_TOKEN: TOKEN });
    const auth = { authorization: `Bearer ${TOKEN}` };
    const json = await fetch(`${url}/guardrails/api/audit?since=7d&format=json&repo=ACME/WIDGETS`, { headers: auth });
    expect(json.status).toBe(200);
    const rows = (await json.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { repo: string });
    expect(rows.map((r) => r.repo)).toEqual(["acme/widgets"]);
    const csv = await fetch(`${url}/guardrails/api/audit?since=7d&format=csv&action=issue_comment.*`, { headers: auth });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("acme/secret");
    const bad = await fetch(`${url}/guardrails/api/audit?since=yesterday`, { headers: auth });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain("since");
  });

  test("the sign-in form sets a signed HttpOnly, SameSite=Strict session cookie, never the token itself", async () => {
    const url = await start({ DASHBOARD_TOKEN: TOKEN });
    const wrong = await fetch(`${url}/guardrails/login`, {
      method: "POST",
      body: new URLSearchParams({ token: "nope" }),
      redirect: "manual",
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const res = await fetch(`${url}/guardrails/login`, {
      method: "POST",
      body: new URLSearchParams({ token: TOKEN, next: "//evil.example/x" }),
      redirect: "manual",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/guardrails");
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^guardrails_session=[\w-]+\.[\w-]+; Path=\/guardrails; HttpOnly; SameSite=Strict/);
    expect(setCookie).not.toContain(TOKEN);
    expect(setCookie).not.toContain("Secure");
    const cookie = setCookie.split(";")[0]!;
    const overview = await fetch(`${url}/guardrails`, { headers: { cookie } });
    expect(overview.status).toBe(200);
    expect(overview.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(overview.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(overview.headers.get("x-frame-options")).toBe("DENY");
    expect(await overview.text()).toContain("copilot-swe-agent[bot]");
    // A forged signature is no session.
    const forged = cookie.replace(/\.[\w-]+$/, ".AAAA");
    expect((await fetch(`${url}/guardrails`, { headers: { cookie: forged }, redirect: "manual" })).status).toBe(303);
  });

  test("behind https the cookie is Secure", async () => {
    const url = await start({ DASHBOARD_TOKEN: TOKEN });
    const res = await fetch(`${url}/guardrails/login`, {
      method: "POST",
      body: new URLSearchParams({ token: TOKEN }),
      headers: { "x-forwarded-proto": "https" },
      redirect: "manual",
    });
    expect(res.headers.get("set-cookie")).toContain("; Secure");
  });

  test("a POST from a session without its CSRF token is refused", async () => {
    const url = await start({ DASHBOARD_TOKEN: TOKEN });
    const login = await fetch(`${url}/guardrails/login`, {
      method: "POST",
      body: new URLSearchParams({ token: TOKEN }),
      redirect: "manual",
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const noCsrf = await fetch(`${url}/guardrails/logout`, {
      method: "POST",
      headers: { cookie },
      body: new URLSearchParams({}),
      redirect: "manual",
    });
    expect(noCsrf.status).toBe(403);
    const page = await (await fetch(`${url}/guardrails/approvals`, { headers: { cookie } })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const ok = await fetch(`${url}/guardrails/logout`, {
      method: "POST",
      headers: { cookie },
      body: new URLSearchParams({ csrf }),
      redirect: "manual",
    });
    expect(ok.status).toBe(303);
    // The token session is read-only: approving is refused even with the CSRF token.
    const decide = await fetch(`${url}/guardrails/approvals/decide`, {
      method: "POST",
      headers: { cookie },
      body: new URLSearchParams({ csrf, repo: "acme/widgets", number: "7", decision: "approve" }),
    });
    expect(decide.status).toBe(403);
    expect(await decide.text()).toContain("read-only");
  });
});
