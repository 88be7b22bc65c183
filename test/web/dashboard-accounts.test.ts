import { describe, expect, test } from "@jest/globals";
import { accountTiers } from "../../src/policy/tier/account-tier.js";
import { renderOverviewPage } from "../../src/web/dashboard/pages/render-overview-page.js";

const VIEWER = { kind: "token" as const, csrf: "c" };
const PERIOD = { from: new Date("2026-11-30T00:00:00Z"), to: new Date("2026-12-07T00:00:00Z") };
const row = (actor: string, tier: string, evidence: object[]) => ({
  at: "2026-12-02T10:00:00.000Z",
  actor,
  action: "push",
  detail: { tier, evidence },
});

describe("the agents page's accounts acting with an agent's evidence", () => {
  test("a suspected account's hostile evidence is text, and the section is left out when there is none", () => {
    const accounts = accountTiers([
      row("alice", "suspected", [{ signal: "marker", agent: "Codex", match: "<img src=x onerror=alert(1)>", source: "pull request body" }]),
      row("bob", "assisted", [{ signal: "trailer", agent: "Claude", match: "noreply@anthropic.com", source: "commit 9f8e7d6" }]),
    ]);
    const page = renderOverviewPage(VIEWER, [], PERIOD, accounts);
    expect(page).toContain('<tr data-account="alice">');
    expect(page).toContain("marker <code>&lt;img src=x onerror=alert(1)&gt;</code> (Codex) in <code>pull request body</code>");
    expect(page).toContain("<code>agents: [{ login: &quot;alice&quot;, when: [{ agent: &quot;Codex&quot;, signal: marker }] }]</code>");
    expect(page).not.toContain("<img");
    expect(page).toContain('<span data-account="bob">bob (1)</span>');
    expect(renderOverviewPage(VIEWER, [], PERIOD, [])).not.toContain("Accounts acting");
  });
});
