import { describe, expect, test } from "@jest/globals";
import type { AgentSummary } from "../../src/owner/agent-summary.js";
import { digestTitle, renderDigest } from "../../src/owner/render-digest.js";
import { accountTiers, type TierRow } from "../../src/policy/tier/account-tier.js";

const FROM = new Date("2026-11-30T00:00:00Z");
const TO = new Date("2026-12-07T00:00:00Z");
const NOW = new Date("2026-12-07T00:00:00Z");

function summary(over: Partial<AgentSummary> = {}): AgentSummary {
  return {
    agent: "copilot-swe-agent[bot]",
    org: "acme",
    repos: ["acme/widgets"],
    actions: [
      { kind: "issue_comment.created", verdict: "gate", count: 3 },
      { kind: "pull_request.opened", verdict: "gate", count: 1 },
    ],
    approvals: 2,
    rejections: 1,
    medianApproveMs: 90 * 60_000,
    contained: 0,
    trips: [],
    waiting: [],
    lastDrill: "2026-12-04T09:00:00.000Z",
    recommendations: [],
    ...over,
  };
}
const render = (summaries: AgentSummary[]) =>
  renderDigest({ scope: "maint", periodId: "2026-W49", from: FROM, to: TO, now: NOW, summaries });

describe("the digest issue", () => {
  test("its title names the owner and the period", () => {
    expect(digestTitle("acme/platform-team", "2026-W49")).toBe("Agent guardrails digest: acme/platform-team 2026-W49");
  });

  test("per agent: actions by kind and verdict, reviews with the median time, containment, drill, waiting", () => {
    const body = render([
      summary({
        waiting: [
          {
            kind: "comment",
            repo: "acme/widgets",
            number: 14,
            url: "https://github.com/acme/widgets/issues/14#issuecomment-5003",
            since: "2026-12-03T09:00:00.000Z",
          },
        ],
      }),
    ]);
    expect(body).toContain("Agent activity from 2026-11-30 to 2026-12-06 (UTC), for `maint`");
    expect(body).toContain("## `copilot-swe-agent[bot]` in `acme/widgets`");
    expect(body).toContain("| `issue_comment.created` | gate | 3 |");
    expect(body).toContain("| `pull_request.opened` | gate | 1 |");
    expect(body).toContain("- **Reviews:** 2 approved, 1 rejected, median time to approve 1.5 h");
    expect(body).toContain("- **Contained:** 0 action(s) undone by the breaker");
    expect(body).toContain("- **Trips:** none");
    expect(body).toContain("- **Last kill-switch drill:** 2026-12-04");
    expect(body).toContain(
      "  - held comment to approve or reject: [`acme/widgets`#14](https://github.com/acme/widgets/issues/14#issuecomment-5003), since 2026-12-03 09:00 UTC",
    );
  });

  test("trips link their incidents; recommendations carry their evidence and the command that makes the change", () => {
    const body = render([
      summary({
        trips: [{ at: "2026-12-02T10:00:00.000Z", reason: "rate", incidentUrl: "https://github.com/acme/widgets/issues/101" }],
        recommendations: [
          {
            text: "consider `comment: flag`",
            evidence: "0 rejections in 40 comments over 4 weeks, no trip",
            change: { key: "comment", value: "flag" },
          },
        ],
      }),
    ]);
    expect(body).toContain("- **Trips:** rate at 2026-12-02 10:00 UTC ([incident](https://github.com/acme/widgets/issues/101))");
    expect(body).toContain(
      "  - 0 rejections in 40 comments over 4 weeks, no trip: consider `comment: flag` (`/guardrails promote @copilot-swe-agent[bot] comment=flag`)",
    );
  });

  test.each([
    { row: "never drilled", lastDrill: null, line: "⚠️ never: run `/guardrails drill`" },
    { row: "drilled 31 days ago", lastDrill: "2026-11-06T00:00:00.000Z", line: "⚠️ 2026-11-06, over 30 days ago" },
    { row: "drilled 29 days ago", lastDrill: "2026-11-08T00:00:00.000Z", line: "**Last kill-switch drill:** 2026-11-08" },
  ])("the drill: $row", ({ lastDrill, line }) => {
    expect(render([summary({ lastDrill })])).toContain(line);
  });

  test("nothing from GitHub or an agent can mention, link elsewhere or break out of its code span", () => {
    const body = render([
      summary({
        agent: "evil`agent\n@maint",
        repos: ["acme/widgets"],
        waiting: [
          { kind: "pull_request", repo: "acme/widgets", number: 9, url: "https://evil.example/phish", since: "2026-12-03T09:00:00.000Z" },
        ],
        recommendations: [{ text: "ping @everyone <img src=x>", evidence: "e" }],
      }),
    ]);
    expect(body).toContain("## `evil'agent'@maint`");
    expect(body).not.toContain("evil.example");
    expect(body).toContain("ping @\u200beveryone &lt;img src=x>");
  });

  test("no agent: says so", () => {
    expect(render([])).toContain("No agent activity in this period.");
  });

  describe("accounts acting with an agent's evidence", () => {
    const row = (actor: string, tier: string, evidence: object[], at = "2026-12-02T10:00:00.000Z"): TierRow => ({
      at,
      actor,
      action: "push",
      detail: { tier, evidence },
    });
    const withAccounts = (rows: TierRow[]) =>
      renderDigest({
        scope: "maint",
        periodId: "2026-W49",
        from: FROM,
        to: TO,
        now: NOW,
        summaries: [summary()],
        accounts: accountTiers(rows),
      });

    test("each suspected account: its actions, its strongest evidence and the agents entry that would list it", () => {
      const body = withAccounts([
        row("alice", "suspected", [
          { signal: "branch", agent: "Codex", match: "codex/fix-1", source: "branch codex/fix-1" },
          { signal: "author", agent: "Codex", match: "codex@openai.com", source: "commit 1a2b3c4", sha: "1a2b3c4" },
        ]),
        row("alice", "suspected", [{ signal: "marker", agent: "Codex", match: "Generated by Codex", source: "pull request body" }]),
        row("alice", "human", []),
        row("bob", "assisted", [{ signal: "trailer", agent: "Claude", match: "noreply@anthropic.com", source: "commit 9f8e7d6" }]),
        row("carol", "human", []),
      ]);
      expect(body).toContain("## Accounts acting with an agent's evidence");
      expect(body).toContain(
        '- `alice`: 2 action(s) with evidence; strongest evidence: author `codex@openai.com` (`Codex`) in `commit 1a2b3c4`. To make it an agent there: `agents: [{ login: "alice", when: [{ branch: "codex/*" }] }]`',
      );
      expect(body).toContain("**Assisted** (a person with an assistant, labelled): `bob` (1, trailer `Claude`).");
      expect(body).not.toContain("carol");
    });

    test("without a branch seen, the entry matches the strongest signal", () => {
      const body = withAccounts([row("dave", "suspected", [{ signal: "app", agent: "Devin", match: "devin-ai", source: "comment 77" }])]);
      expect(body).toContain('`agents: [{ login: "dave", when: [{ agent: "Devin", signal: app }] }]`');
      expect(body).not.toContain("**Assisted**");
    });

    test("omitted when no account had evidence", () => {
      expect(withAccounts([row("carol", "human", [])])).not.toContain("Accounts acting");
      expect(render([summary()])).not.toContain("Accounts acting");
    });

    test("the evidence cannot mention, link or break out of its code span", () => {
      const body = withAccounts([
        row("eve", "suspected", [{ signal: "marker", agent: "Codex", match: "`@maint see https://evil.example`", source: "issue body" }]),
      ]);
      expect(body).toContain("marker `'@maint see https://evil.example'` (`Codex`) in `issue body`");
      expect(body).not.toMatch(/[^`']@maint/);
      expect(body).not.toContain("](https://evil");
    });
  });
});
