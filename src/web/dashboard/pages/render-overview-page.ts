import { actionsWithEvidence, agentEntryHint, strongestEvidence } from "../../../owner/account-evidence.js";
import type { AccountTier } from "../../../policy/tier/account-tier.js";
import type { ActivitySeries } from "../activity-series.js";
import { html, jsonScript, safeHref } from "../html.js";
import { renderLayout, type PageViewer } from "./render-layout.js";

/** What the overview shows of one agent: its activity and the evidence for (or against) trusting it more. */
export interface AgentCard {
  agent: string;
  repos: string[];
  series: ActivitySeries;
  actions: { kind: string; verdict: string; count: number }[];
  approvals: number;
  rejections: number;
  medianApproveMs: number | null;
  /** Effects containment applied. */
  contained: number;
  lastDrill: string | null;
  trips: { at: string; reason: string; incidentUrl: string | null }[];
  waiting: number;
  recommendations: { text: string; evidence: string }[];
  /** Its per-agent overrides in the repositories' config (`owner/name` → key → value), when known. */
  overrides: { repo: string; values: Record<string, string> }[];
}

/**
 * Per agent: the activity charts (drawn by dashboard.js from the JSON block), trust evidence and
 * overrides; then people's accounts that acted with an agent's evidence (`accountTiers` of the period).
 */
export function renderOverviewPage(
  viewer: PageViewer,
  cards: readonly AgentCard[],
  period: { from: Date; to: Date },
  accounts: readonly AccountTier[] = [],
): string {
  const body = html`<p class="period">
      ${period.from.toISOString().slice(0, 16).replace("T", " ")} – ${period.to.toISOString().slice(0, 16).replace("T", " ")} UTC
    </p>
    ${cards.length === 0 ? html`<p class="empty">No agent activity in this period.</p>` : ""}
    ${cards.map(
      (card, i) =>
        html`<section class="agent" data-agent="${card.agent}">
          <h2>${card.agent}</h2>
          <p class="repos">${card.repos.join(", ")}</p>
          <div class="charts">
            <figure>
              <figcaption>Actions per ${card.series.bucket}: allowed, gated, contained</figcaption>
              <div class="chart" data-chart="agent-${i}" data-group="verdicts"></div>
            </figure>
            <figure>
              <figcaption>Actions per ${card.series.bucket} by kind</figcaption>
              <div class="chart" data-chart="agent-${i}" data-group="kinds"></div>
            </figure>
          </div>
          ${jsonScript(`agent-${i}`, card.series)}
          <div class="evidence">
            <table>
              <caption>
                Actions by kind and verdict
              </caption>
              <thead>
                <tr>
                  <th>Kind</th>
                  <th>Verdict</th>
                  <th>Count</th>
                </tr>
              </thead>
              <tbody>
                ${card.actions.map(
                  (a) =>
                    html`<tr>
                      <td>${a.kind}</td>
                      <td>${a.verdict}</td>
                      <td>${a.count}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
            <dl>
              <dt>Approvals / rejections</dt>
              <dd>
                ${card.approvals} /
                ${card.rejections}${card.medianApproveMs !== null ? ` (median ${duration(card.medianApproveMs)} to approve)` : ""}
              </dd>
              <dt>Contained</dt>
              <dd>${card.contained} effects applied by containment</dd>
              <dt>Last drill</dt>
              <dd>${card.lastDrill ? card.lastDrill.slice(0, 10) : "none: run /guardrails drill"}</dd>
              <dt>Waiting for a human</dt>
              <dd><a href="/guardrails/approvals">${card.waiting}</a></dd>
              <dt>Trips</dt>
              <dd>
                ${card.trips.length === 0 ? "none" : card.trips.map((t) => html`<span class="trip">${t.at.slice(0, 16).replace("T", " ")}: ${t.reason}${t.incidentUrl ? html` (<a href="${safeHref(t.incidentUrl)}">incident</a>)` : ""}</span> `)}
              </dd>
              <dt>Overrides</dt>
              <dd>
                ${
                  card.overrides.length === 0
                    ? "none known"
                    : card.overrides.map(
                        (o) =>
                          html`<span class="override"
                            >${o.repo}:
                            ${Object.entries(o.values)
                              .map(([k, v]) => `${k}=${v}`)
                              .join(", ")}</span
                          > `,
                      )
                }
              </dd>
            </dl>
            ${
              card.recommendations.length > 0
                ? html`<ul class="recommendations">
                    ${card.recommendations.map((r) => html`<li>${r.text} <small>${r.evidence}</small></li>`)}
                  </ul>`
                : ""
            }
          </div>
        </section>`,
    )}
    ${accountsSection(accounts)}`;
  return renderLayout("Agents", "/guardrails", viewer, body);
}

/** The digest's "Accounts acting with an agent's evidence": suspected ones in a table, assisted ones in a line. */
function accountsSection(accounts: readonly AccountTier[]) {
  const suspected = accounts.filter((a) => a.tier === "suspected");
  const assisted = accounts.filter((a) => a.tier === "assisted");
  if (suspected.length === 0 && assisted.length === 0) return "";
  return html`<section class="accounts">
    <h2>Accounts acting with an agent's evidence</h2>
    ${
      suspected.length > 0
        ? html`<table class="suspected">
            <caption>
              Suspected: strong evidence (pull requests gated, comments and issues flagged)
            </caption>
            <thead>
              <tr>
                <th>Account</th>
                <th>Actions with evidence</th>
                <th>Strongest evidence</th>
                <th>To make it an agent in config</th>
              </tr>
            </thead>
            <tbody>
              ${suspected.map((a) => {
                const s = strongestEvidence(a);
                return html`<tr data-account="${a.login}">
                  <td>${a.login}</td>
                  <td>${actionsWithEvidence(a)}</td>
                  <td>${s ? html`${s.signal} <code>${s.match}</code> (${s.agent}) in <code>${s.source}</code>` : "none recorded"}</td>
                  <td><code>${agentEntryHint(a)}</code></td>
                </tr>`;
              })}
            </tbody>
          </table>`
        : ""
    }
    ${
      assisted.length > 0
        ? html`<p class="assisted">
            Assisted (a person with an assistant):
            ${assisted.map((a) => html`<span data-account="${a.login}">${a.login} (${actionsWithEvidence(a)})</span> `)}
          </p>`
        : ""
    }
  </section>`;
}

function duration(ms: number): string {
  if (ms < 3_600_000) return `${Math.max(1, Math.round(ms / 60_000))} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
}
