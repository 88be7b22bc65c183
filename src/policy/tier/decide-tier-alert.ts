import type { GuardrailsConfig } from "../../config/schema.js";
import type { AgentAction } from "../agent-action.js";
import { LABELS, type Effect } from "../effect.js";
import type { Signal } from "./find-evidence.js";

/** The alert window: one alert per person and UTC day. */
export function tierAlertKey(org: string, login: string, now: Date): string {
  return `tier-alert:${org.toLowerCase()}:${login.toLowerCase()}:${now.toISOString().slice(0, 10)}`;
}

/** Whose token was used: a pull request's author for its events, else the actor. */
export function accountOf(action: Pick<AgentAction, "event" | "actor" | "target">): string {
  return action.event === "pull_request" ? (action.target.author?.login ?? action.actor.login) : action.actor.login;
}

/**
 * A suspected agent on a person's account: one issue to the owner per person and day (the caller
 * keys it with `tierAlertKey` and the issue is found by its title before one is created), naming
 * the person whose token was used, the owner, and the evidence. Null when the action is not
 * suspected or `tiers.alert` is off. Pure: nothing is contained, the tier's table did that.
 */
export function decideTierAlert(
  action: AgentAction,
  config: Pick<GuardrailsConfig, "owner" | "tiers">,
): { effect: Effect; account: string } | null {
  if (action.tier !== "suspected" || !config.tiers.alert) return null;
  const account = accountOf(action);
  const owner = config.owner ? `@${config.owner.replace(/^@/, "")}` : "Maintainers";
  const where = action.target.url ? ` ([${action.kind}](${action.target.url}))` : ` (${action.kind})`;
  return {
    account,
    effect: {
      kind: "ensure_incident_issue",
      title: `Agent suspected on a person's account: ${account}`,
      body: [
        `${owner}, @${account}: work on \`${account}\`'s account in ${action.repo.owner}/${action.repo.repo} carries evidence of an agent${where}. The account is not listed in \`agents:\`, so the agent acts with the person's token.`,
        "",
        "| signal | agent | what | where |",
        "|---|---|---|---|",
        ...(action.evidence ?? []).slice(0, 10).map(row),
        "",
        `What was done follows \`tiers.suspected\` (a pull request is gated like an agent's until a maintainer approves it). If it is an agent, list it: \`agents: [{ login: ${account}, when: [{ branch: "<its branch prefix>*" }] }]\` makes the account an agent only when its agent acts. One alert per account and day; the audit log keeps every signal.`,
      ].join("\n"),
      labels: [LABELS.flagged],
    },
  };
}

/** A table cell: the hostile parts (a branch name, a trailer's email) as code, without what could break out of it. */
function cell(text: string): string {
  return `\`${text.replace(/[`|\r\n]/g, " ").replace(/@/g, "@\u200b")}\``;
}

function row(s: Signal): string {
  return `| ${s.signal} | ${s.agent} | ${cell(s.match)} | ${cell(s.source)} |`;
}
