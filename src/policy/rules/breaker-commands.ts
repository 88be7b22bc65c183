import { replyTarget } from "../reply-target.js";
import type { GuardrailsConfig } from "../../config/schema.js";
import type { ParsedCommand } from "../../commands/parse-commands.js";
import type { AgentAction } from "../agent-action.js";
import { cutOffInstructions, isAppAgent, usableCutOffs } from "../breaker/cut-off.js";
import { planContainment } from "../breaker/plan-containment.js";
import { requiredPermission } from "../breaker/required-permission.js";
import type { Decision } from "../decision.js";
import type { AccountTier } from "../tier/account-tier.js";
import type { PolicyState } from "../policy-state.js";

/**
 * The agent a breaker command names: `@login`, `all` (the org-wide halt, "*"), or — with no
 * name — the agent that opened this thread. Undefined when none can be told.
 */
export function commandAgent(command: ParsedCommand, action: AgentAction): string | undefined {
  const first = words(command)[0];
  if (first === "all") return "*";
  if (first?.startsWith("@")) return first.slice(1);
  return action.target.author?.kind === "agent" ? action.target.author.login : undefined;
}

/**
 * `/guardrails halt [@agent|all] [--repo] [reason]`: a manual trip; containment follows like any
 * trip. `--repo` halts the agent in this repository only.
 */
export function decideHalt(command: ParsedCommand, action: AgentAction): Decision {
  const agent = commandAgent(command, action);
  if (agent === undefined) return { verdict: "refused", reasons: ["halt: name an agent (@login) or all"], effects: [] };
  const rest = words(command);
  const named = rest[0] === "all" || rest[0]?.startsWith("@");
  const why = rest.slice(named ? 1 : 0).join(" ") || "no reason given";
  const inRepo = command.args.includes("--repo");
  const where = inRepo ? ` in ${action.repo.owner}/${action.repo.repo}` : "";
  return {
    verdict: "command",
    reasons: [`${action.actor.login} halted ${agent === "*" ? "all agents" : agent}${where}: ${why}`],
    effects: [],
    trip: {
      agent,
      reason: "manual",
      evidence: `/guardrails halt by ${action.actor.login}${where}: ${why}`,
      ...(inRepo ? { scope: "repo" as const } : {}),
    },
  };
}

/** A command's words without its `--flags`. */
function words(command: ParsedCommand): string[] {
  return command.args.filter((a) => !a.startsWith("--"));
}

/** `/guardrails resume [@agent|all] [--undo]`: closes the breaker; `--undo` reverses the containment (a false positive). */
export function decideResume(command: ParsedCommand, action: AgentAction): Decision {
  const agent = commandAgent(command, action);
  if (agent === undefined) return { verdict: "refused", reasons: ["resume: name an agent (@login) or all"], effects: [] };
  const undo = command.args.includes("--undo");
  return {
    verdict: "command",
    reasons: [`${action.actor.login} resumed ${agent === "*" ? "all agents" : agent}${undo ? ", undoing the containment" : ""}`],
    effects: [],
    resume: { agent, undo },
  };
}

/** `/guardrails status [@agent]`: state, counts against limits and what is pending, as a reply. */
export function decideStatus(
  command: ParsedCommand,
  action: AgentAction,
  config: Pick<GuardrailsConfig, "limits" | "mode"> & { breaker?: Pick<GuardrailsConfig["breaker"], "cut_off"> },
  state: PolicyState,
): Decision {
  const wanted = command.args[0]?.startsWith("@") ? command.args[0].slice(1).toLowerCase() : undefined;
  const agents = (state.agents ?? []).filter((a) => wanted === undefined || a.agent.toLowerCase() === wanted || a.agent === "*");
  const l = config.limits;
  const lines = [
    `### agent-guardrails status${config.mode === "observe" ? " (observe mode: nothing is enforced)" : ""}`,
    "",
    "| agent | breaker | actions/h | comments/h | PRs/h | repos/h | held comments | pending effects |",
    "|---|---|---|---|---|---|---|---|",
    ...agents.map((a) => {
      const c = a.counts;
      const breaker = a.halted ? `**halted** (${a.reason ?? "?"}${a.since ? `, since ${a.since}` : ""})` : "closed";
      return `| \`${a.agent === "*" ? "all agents" : a.agent}\` | ${breaker} | ${c ? `${c.actionsLastHour}/${l.actions_per_hour}` : "-"} | ${c ? `${c.commentsLastHour}/${l.comments_per_hour}` : "-"} | ${c ? `${c.pullRequestsLastHour}/${l.pull_requests_per_hour}` : "-"} | ${c ? `${c.reposLastHour.length}/${l.repos_per_hour}` : "-"} | ${a.pendingComments} | ${a.pendingEffects} |`;
    }),
  ];
  if (agents.length === 0) lines.push("", wanted ? `No activity or breaker recorded for \`${wanted}\`.` : "No agent activity recorded.");
  if (wanted && state.accountTier) lines.push("", tierLine(state.accountTier));
  // While a breaker is open and the app does not cut the agent off itself, say what a human must do: every action still costs a write to undo.
  const repo = `${action.repo.owner}/${action.repo.repo}`;
  for (const a of agents) {
    if (!a.halted || a.agent === "*" || (config.breaker?.cut_off.length && !isAppAgent(a.agent))) continue;
    lines.push("", ...cutOffInstructions(a.agent, repo));
  }
  return {
    verdict: "command",
    reasons: [`${action.actor.login} asked for status${wanted ? ` of ${wanted}` : ""}`],
    effects: [{ kind: "create_comment", number: action.target.number!, body: lines.join("\n"), ...replyTarget(action, state) }],
  };
}

/**
 * `/guardrails drill [@agent]`: the kill switch as a dry run. The full containment plan for the
 * agent's lookback window is computed exactly as a trip would, and reported with the permission
 * each step needs and whether the installation has it. Nothing is contained: the only write is
 * the report itself.
 */
export function decideDrill(action: AgentAction, config: Pick<GuardrailsConfig, "breaker">, state: PolicyState): Decision {
  const drill = state.drill;
  if (!drill) return { verdict: "refused", reasons: ["drill: name an agent (@login)"], effects: [] };
  // The cut-off a trip would plan: opted in, a user account, and granted to this installation.
  const cutOff = usableCutOffs(config.breaker.cut_off, { login: drill.agent }, drill.permissions);
  const steps = planContainment(
    drill.history,
    config.breaker.contain,
    new Set(),
    { repo: `${action.repo.owner}/${action.repo.repo}`, agent: drill.agent },
    { cutOff },
  );
  const rows = steps.map((s, i) => {
    const need = requiredPermission(s.effect, s.thread);
    const has = need.every(([scope, level]) => permits(drill.permissions[scope], level));
    const needText = need.map(([scope, level]) => `${scope}: ${level}`).join(", ");
    return `| ${i + 1} | \`${s.effect.kind}\` | ${s.owner}/${s.repo}${"number" in s.effect && s.effect.number !== undefined ? `#${s.effect.number}` : ""} | ${s.outward ? "yes" : ""} | ${needText} | ${has ? "✅" : "❌ refused"} |`;
  });
  const refused = rows.filter((r) => r.includes("refused")).length;
  const missing = [
    ...new Set(
      steps
        .flatMap((s) => requiredPermission(s.effect, s.thread))
        .filter(([scope, level]) => !permits(drill.permissions[scope], level))
        .map(([scope, level]) => `${scope}: ${level}`),
    ),
  ];
  const hints = missing.map(
    (need) => `- \`${need}\`: ${PERMISSION_HINTS[need.split(":")[0] as string] ?? "grant it in the app's settings"}`,
  );
  const body = [
    `### agent-guardrails drill: \`${drill.agent}\``,
    "",
    `Dry run: had \`${drill.agent}\` tripped now, the breaker would halt it, then take these ${steps.length} step(s) over the last ${config.breaker.lookback} (outward-facing first, then newest). Nothing was changed.`,
    "",
    "| # | step | target | outward | needs | installation allows |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
    refused
      ? `**${refused} step(s) would be refused** by the installation's permissions: grant them in the app's settings before you need the kill switch.`
      : "Every step is permitted.",
    ...(hints.length ? ["", "Missing:", ...hints] : []),
  ].join("\n");
  return {
    verdict: "command",
    reasons: [`${action.actor.login} drilled containment of ${drill.agent}: ${steps.length} step(s), ${refused} refused`],
    effects: [{ kind: "create_comment", number: action.target.number!, body, ...replyTarget(action, state) }],
  };
}

/** What is lost without a permission, for the drill's list of what is missing (app.yml says the same). */
const PERMISSION_HINTS: Record<string, string> = {
  contents: "GitHub refuses an App the draft conversion without it, and reverts of pushes and merges write commits",
  pull_requests:
    "a pull request's labels, comments, draft state and reviews are written with it, and the revert of a push to a protected branch is a pull request",
  issues: "an issue's labels and comments, closing issues and the incident issue are written with it",
  workflows: "opt-in in app.yml: without it a revert of an agent's change to `.github/workflows` is escalated to a human",
  discussions: "opt-in in app.yml: without it agent comments in discussions cannot be hidden, held or deleted",
  checks: "the required check `agent-guardrails` is written with it",
};

function permits(granted: string | undefined, needed: "read" | "write" | "admin"): boolean {
  const rank = { read: 1, write: 2, admin: 3 } as const;
  return granted !== undefined && granted in rank && rank[granted as keyof typeof rank] >= rank[needed];
}

/** `status @login`: how the account was taken over the last week, and why (docs/agents.md "Tiers"). */
function tierLine(account: AccountTier): string {
  const counts = (["agent", "suspected", "assisted", "human"] as const)
    .filter((t) => account.actions[t] > 0)
    .map((t) => `${account.actions[t]} ${t}`);
  const evidence = account.evidence.slice(0, 5).map((s) => `${s.signal} (${s.agent}, ${s.source.replace(/[`|\r\n]/g, " ")})`);
  return [
    `Tier of \`${account.login}\` over the last 7 days: **${account.tier}**${counts.length ? ` (actions: ${counts.join(", ")})` : " (no audited actions)"}.`,
    ...(evidence.length ? [`Evidence: ${evidence.join("; ")}${account.lastEvidenceAt ? `, last at ${account.lastEvidenceAt}` : ""}.`] : []),
  ].join("\n");
}
