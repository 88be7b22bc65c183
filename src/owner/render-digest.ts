import type { AccountTier } from "../policy/tier/account-tier.js";
import { actionsWithEvidence, agentEntryHint, strongestEvidence } from "./account-evidence.js";
import type { AgentSummary, WaitingItem } from "./agent-summary.js";

/** A drill older than this earns the digest's warning: the kill switch untested for a month may no longer work (permissions change). */
export const DRILL_STALE_MS = 30 * 24 * 3600 * 1000;

/** What one digest issue says. */
export interface DigestInput {
  /** The owner's login or `org/team`, or the org when no owner is configured. */
  scope: string;
  /** `2026-W49` or `2026-12-04`. */
  periodId: string;
  from: Date;
  to: Date;
  now: Date;
  summaries: readonly AgentSummary[];
  /** People's accounts that acted with an agent's evidence in the period (`accountTiers` of its rows); none: no section. */
  accounts?: readonly AccountTier[];
}

/** The title that names a digest (the marker finds it; a human may edit the title). */
export function digestTitle(scope: string, periodId: string): string {
  return `Agent guardrails digest: ${scope} ${periodId}`;
}

/**
 * The digest issue's body, in Markdown. Pure. Every value that came from GitHub or an agent
 * (logins, repository names, reasons, links) is shown inert: in code spans, without an `@` that
 * would notify, and links only to github.com, so an agent cannot make the digest ping people,
 * load images or point at its own server.
 */
export function renderDigest(input: DigestInput): string {
  const { summaries } = input;
  const lines: string[] = [
    `Agent activity from ${day(input.from)} to ${day(new Date(input.to.getTime() - 1))} (UTC), for ${code(input.scope)}: what each agent did, what was stopped, what waits for you, and whether it has earned more autonomy.`,
    "",
  ];
  if (summaries.length === 0) lines.push("No agent activity in this period.");
  const waiting = summaries.reduce((n, s) => n + s.waiting.length, 0);
  const trips = summaries.reduce((n, s) => n + s.trips.length, 0);
  if (summaries.length > 0) {
    lines.push(`**${summaries.length} agent(s)**, ${trips} trip(s), ${waiting} item(s) waiting for a human.`, "");
  }
  for (const s of summaries) lines.push(...agentSection(s, input.now), "");
  lines.push(...accountsSection(input.accounts ?? []));
  lines.push(
    "<sub>Posted by agent-guardrails (`digest:` in `.github/agent-guardrails.yml`: weekly, daily or off). The numbers come from the audit log: `agent-guardrails audit --since 7d`.</sub>",
  );
  return lines.join("\n");
}

function agentSection(s: AgentSummary, now: Date): string[] {
  const name = s.agent === "*" ? "all agents (org-wide halt)" : s.agent;
  const lines = [`## ${code(name)}${s.repos.length ? ` in ${s.repos.map((r) => code(r)).join(", ")}` : ""}`, ""];
  if (s.actions.length > 0) {
    lines.push(
      "| action | verdict | count |",
      "|---|---|---:|",
      ...s.actions.map((a) => `| ${code(a.kind)} | ${a.verdict} | ${a.count} |`),
      "",
    );
  } else if (s.agent !== "*") {
    lines.push("No actions in this period.", "");
  }
  const median = s.medianApproveMs === null ? "" : `, median time to approve ${duration(s.medianApproveMs)}`;
  lines.push(`- **Reviews:** ${s.approvals} approved, ${s.rejections} rejected${median}`);
  lines.push(`- **Contained:** ${s.contained} action(s) undone by the breaker`);
  lines.push(
    `- **Trips:** ${s.trips.length === 0 ? "none" : s.trips.map((t) => `${t.reason} at ${time(t.at)}${t.incidentUrl ? ` (${link("incident", t.incidentUrl)})` : ""}`).join("; ")}`,
  );
  lines.push(`- **Last kill-switch drill:** ${drillLine(s.lastDrill, now)}`);
  if (s.waiting.length > 0) {
    lines.push(`- **Waiting for a human (${s.waiting.length}):**`, ...s.waiting.map((w) => `  - ${waitingLine(w)}`));
  } else {
    lines.push("- **Waiting for a human:** nothing");
  }
  if (s.recommendations.length > 0) {
    lines.push(
      "- **Recommendations:**",
      ...s.recommendations.map((r) => {
        const how =
          r.change && s.agent !== "*"
            ? ` (\`/guardrails promote @${inert(s.agent)} ${inert(r.change.key)}=${inert(r.change.value)}\`)`
            : "";
        return `  - ${inert(r.evidence)}: ${inert(r.text)}${how}`;
      }),
    );
  }
  return lines;
}

/** Suspected accounts one by one with their strongest evidence and the config that would list them; assisted ones on one line. */
function accountsSection(accounts: readonly AccountTier[]): string[] {
  const suspected = accounts.filter((a) => a.tier === "suspected");
  const assisted = accounts.filter((a) => a.tier === "assisted");
  if (suspected.length === 0 && assisted.length === 0) return [];
  const lines = ["## Accounts acting with an agent's evidence", ""];
  if (suspected.length > 0) {
    lines.push(
      `**Suspected** (strong evidence: their pull requests gated, their comments and issues flagged): ${suspected.length} account(s).`,
      "",
      ...suspected.map((a) => {
        const s = strongestEvidence(a);
        const evidence = s ? `; strongest evidence: ${s.signal} ${code(s.match)} (${code(s.agent)}) in ${code(s.source)}` : "";
        return `- ${code(a.login)}: ${actionsWithEvidence(a)} action(s) with evidence${evidence}. To make it an agent there: ${code(agentEntryHint(a), 400)}`;
      }),
      "",
    );
  }
  if (assisted.length > 0) {
    const list = assisted.map((a) => {
      const s = strongestEvidence(a);
      return `${code(a.login)} (${actionsWithEvidence(a)}${s ? `, ${s.signal} ${code(s.agent)}` : ""})`;
    });
    lines.push(`**Assisted** (a person with an assistant, labelled): ${list.join(", ")}.`, "");
  }
  return lines;
}

function drillLine(lastDrill: string | null, now: Date): string {
  if (lastDrill === null) return "⚠️ never: run `/guardrails drill` to check the kill switch works";
  const age = now.getTime() - Date.parse(lastDrill);
  return age > DRILL_STALE_MS
    ? `⚠️ ${day(new Date(lastDrill))}, over 30 days ago: run \`/guardrails drill\` again`
    : day(new Date(lastDrill));
}

const WAITING_WORDS: Readonly<Record<string, string>> = {
  pull_request: "pull request to approve",
  comment: "held comment to approve or reject",
  release: "release to publish by hand",
  incident: "incident not resumed",
};

function waitingLine(w: WaitingItem): string {
  const what = WAITING_WORDS[w.kind] ?? inert(w.kind);
  const where = `${code(w.repo)}${w.number !== null ? `#${w.number}` : ""}`;
  return `${what}: ${w.url ? link(where, w.url) : where}, since ${time(w.since)}`;
}

/** Text shown in a code span: no backticks or line breaks to break out of it. */
function code(text: string, max = 200): string {
  return `\`${text.replace(/[`\r\n]/g, "'").slice(0, max)}\``;
}

/** Plain text that cannot mention, link, or open HTML. */
function inert(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/</g, "&lt;")
    .replace(/(^|[^\w`])@(?=[A-Za-z0-9])/g, "$1@\u200b")
    .slice(0, 500);
}

/** A link, only to github.com (where every link of the audit log points); anything else is shown as text. */
function link(label: string, url: string): string {
  return /^https:\/\/github\.com\/[\w.\-/#?=&%]+$/.test(url) ? `[${label}](${url})` : label;
}

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function time(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = ms / 3_600_000;
  return hours < 48 ? `${hours.toFixed(1).replace(/\.0$/, "")} h` : `${(hours / 24).toFixed(1).replace(/\.0$/, "")} days`;
}
