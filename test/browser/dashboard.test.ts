import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { accounts } from "../fixtures/webhook-examples.js";
import { DASHBOARD_TOKEN, NOISY_AGENT, PR_AGENT, startDashboardApp, type DashboardApp } from "./dashboard-app.js";

/**
 * The dashboard in Debian's chromium (driven by playwright-core; never a downloaded browser),
 * against the real app after a story run through the stand-in: what a person sees. Screenshots go
 * to test-artifacts/ (ignored by git), and to docs/images/ when SCREENSHOTS=1 (npm run screenshots).
 */
const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = new URL("../../test-artifacts/", import.meta.url);
const DOC_IMAGES = new URL("../../docs/images/", import.meta.url);

let browser: Browser;
let dashboard: DashboardApp;

beforeAll(async () => {
  // Fail, never skip: CI installs chromium (.ci/run); a machine without it cannot prove the page.
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the dashboard's browser tests`);
  mkdirSync(ARTIFACTS, { recursive: true });
  dashboard = await startDashboardApp();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
});

async function screenshot(page: Page, name: string): Promise<void> {
  const file = new URL(`${name}.png`, ARTIFACTS);
  await page.screenshot({ path: file.pathname, fullPage: true });
  if (process.env.SCREENSHOTS === "1") {
    mkdirSync(DOC_IMAGES, { recursive: true });
    copyFileSync(file, new URL(`${name}.png`, DOC_IMAGES));
  }
}

async function signInWithToken(page: Page): Promise<void> {
  await page.goto(`${dashboard.url}/guardrails`);
  await expect(page.getByLabel("Dashboard token")).toBeDefined();
  await page.getByLabel("Dashboard token").fill(DASHBOARD_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${dashboard.url}/guardrails`);
}

describe("the owner's dashboard in a browser", () => {
  test("the agents page names each agent and draws its activity charts", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
    await signInWithToken(page);
    const agents = await page.locator("section.agent h2").allTextContents();
    expect(agents).toEqual(expect.arrayContaining([PR_AGENT, NOISY_AGENT.login]));
    // uPlot drew each chart: a canvas with pixels, and the series it was given.
    const noisy = page.locator(`section.agent[data-agent="${NOISY_AGENT.login}"]`);
    await noisy.locator(".chart canvas").first().waitFor();
    expect(await noisy.locator(".chart canvas").count()).toBe(2);
    expect(await noisy.locator('.chart[data-group="verdicts"]').getAttribute("data-drawn")).toBe("3");
    const width = await noisy
      .locator(".chart canvas")
      .first()
      .evaluate((c) => (c as unknown as { width: number }).width);
    expect(width).toBeGreaterThan(100);
    await expect(noisy.locator(".u-legend").first().textContent()).resolves.toContain("contained");
    // Trust evidence: the trip is on its card; hostile text stayed text.
    expect(await noisy.locator("dd", { hasText: "burst" }).count()).toBeGreaterThan(0);
    // The suspected account, with its strongest evidence and the entry that would make it an agent.
    await expect(page.locator(`section.accounts tr[data-account="${accounts.dev.login}"]`).textContent()).resolves.toMatch(
      new RegExp(
        `app claude \\(Claude Code\\) in comment 950.*agents: \\[\\{ login: "${accounts.dev.login}", when: \\[\\{ agent: "Claude Code", signal: app \\}\\] \\}\\]`,
        "s",
      ),
    );
    expect(problems).toEqual([]);
    await screenshot(page, "dashboard-agents");
    await page.close();
  });

  test("the breakers page shows the trip and its containment progress", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 700 } });
    await signInWithToken(page);
    await page.getByRole("link", { name: "Breakers" }).click();
    const row = page.locator(`tr[data-agent="${NOISY_AGENT.login}"]`);
    await expect(row.textContent()).resolves.toContain("open");
    // Whitespace as the browser reads it: the template's line breaks are not the page's words.
    expect((await row.textContent())?.replace(/\s+/g, " ")).toMatch(/\d+ applied, 0 pending, 0 failed/);
    await screenshot(page, "dashboard-breakers");
    await page.close();
  });

  test("the audit filter narrows the rows, and CSV export downloads them", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await signInWithToken(page);
    await page.getByRole("link", { name: "Audit log" }).click();
    const all = await page.locator("table.audit tbody tr").count();
    expect(all).toBeGreaterThan(6);
    await page.getByLabel("Agent").fill("noisy-*");
    await page.getByLabel("Action").fill("issue_comment.*");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/actor=noisy-/);
    const actors = await page.locator("table.audit tbody tr td:nth-child(3)").allTextContents();
    expect(actors.length).toBe(6);
    expect(actors.length).toBeLessThan(all);
    expect(new Set(actors)).toEqual(new Set([NOISY_AGENT.login]));
    await screenshot(page, "dashboard-audit");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    const csv = readFileSync((await download.path())!, "utf8")
      .trim()
      .split("\r\n");
    expect(csv[0]).toMatch(/^id,at,/);
    expect(csv.slice(1)).toHaveLength(6);
    expect(csv.slice(1).every((line) => line.includes(NOISY_AGENT.login))).toBe(true);
    await page.close();
  });

  test("a maintainer signed in with GitHub approves a pending pull request with its button", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 700 } });
    const page = await context.newPage();
    await page.goto(`${dashboard.url}/guardrails/login`);
    await page.getByRole("link", { name: "Sign in with GitHub" }).click();
    // The stand-in's sign-in page (GitHub's, in real life).
    await page.getByLabel("Username").fill("maint");
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(`${dashboard.url}/guardrails`);
    await expect(page.locator("header .who").textContent()).resolves.toContain("Signed in as maint");
    await page.getByRole("link", { name: "Approvals" }).click();
    const row = page.locator('tr[data-item="acme/widgets#42"]');
    await expect(row.textContent()).resolves.toContain(PR_AGENT);
    await screenshot(page, "dashboard-approvals");
    await row.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByRole("status").textContent()).resolves.toContain("Approve acme/widgets#42: done");
    expect(await page.locator('tr[data-item="acme/widgets#42"]').count()).toBe(0);
    // Decided as the command is: the approval recorded for the head, audited with the user as actor.
    const approvals = await dashboard.app.store.approvalsFor("acme", "widgets", 42);
    expect(approvals.map((a) => a.approver)).toEqual(["maint"]);
    const audit = await dashboard.app.store.listAudit({ actor: "maint" });
    expect(audit.map((r) => [r.action, r.verdict])).toEqual([["command.approve", "command"]]);
    // Rejecting one held comment removes that one, not every comment held in its thread.
    const held = page.locator('tr[data-kind="comment"]');
    const before = await held.count();
    expect(before).toBeGreaterThan(1);
    await held.first().getByRole("button", { name: "Reject" }).click();
    await expect(page.getByRole("status").textContent()).resolves.toContain("Reject acme/widgets#7: done");
    expect(await page.locator('tr[data-kind="comment"]').count()).toBe(before - 1);
    expect(dashboard.app.standIn.invalid).toEqual([]);
    await context.close();
  });
});
