import type { PlannedStep } from "../policy/breaker/plan-containment.js";
import type { Trip } from "../policy/breaker/trip.js";
import type { NeedsHuman } from "../policy/breaker/reverse-agent-actions.js";
import type { Effect } from "../policy/effect.js";

/** Title of the one incident issue per agent (docs/design.md "Visible markers"). */
export function incidentTitle(agent: string): string {
  return `Agent guardrails tripped: ${agent === "*" ? "all agents" : agent}`;
}

/** A step as the incident lists it, with its state when known. */
export interface IncidentStep {
  owner: string;
  repo: string;
  effect: Effect;
  state?: string;
}

/**
 * The incident issue's body: who must look (the owner, mentioned), what tripped and the evidence,
 * the containment plan with each step's state, and how to resume. Agent text never appears here.
 */
export function incidentBody(input: {
  owner: string;
  trip: Trip;
  tripId: number;
  at: string;
  steps: readonly (IncidentStep | PlannedStep)[];
  timeToZeroSeconds?: number;
  /** What no step can undo: listed for a human with what happened and a link. */
  needsHuman?: readonly NeedsHuman[];
  /** What a human must do to cut the agent off, when the app does not (`cutOffInstructions`). */
  cutOff?: readonly string[];
  /** What the agent did in the lookback window, from the audit log (kinds, targets and links only). */
  actions?: readonly TimelineAction[];
  /** The `/guardrails demote …` that would tighten the agent for what tripped (proposeDemotion). */
  demotion?: string | null;
}): string {
  const { trip, steps } = input;
  const who = input.owner ? `@${input.owner.replace(/^@/, "")}` : "Maintainers";
  const agent = trip.agent === "*" ? "all agents" : `\`${trip.agent}\``;
  return [
    `${who}: the circuit breaker for ${agent} tripped at ${input.at} (trip ${input.tripId}).`,
    "",
    `**Trigger:** ${trip.reason}`,
    `**Evidence:** ${trip.evidence}`,
    "",
    ...(input.actions !== undefined ? timeline(input.actions) : []),
    `The agent is halted: every further action of it is undone as it arrives. Containment plan (${steps.length} step(s), outward-facing first, then newest):`,
    "",
    ...(steps.length
      ? steps.map(
          (s, i) => `${i + 1}. \`${s.effect.kind}\` ${describeTarget(s)}${"state" in s && s.state ? ` — **${s.state}**` : " — pending"}`,
        )
      : ["(nothing else to contain in the lookback window: the action that tripped it was contained on arrival)"]),
    ...(input.needsHuman?.length
      ? [
          "",
          `**Needs a human** (${input.needsHuman.length}: containment cannot undo these):`,
          "",
          ...input.needsHuman.map((h) => `- ${h.repo} ${h.at} \`${h.action}\`: ${h.what}${h.url ? ` (${h.url})` : ""}`),
        ]
      : []),
    ...(input.cutOff?.length
      ? [
          "",
          "**Stop the source:** undoing each action as it arrives costs a write per action; an agent writing faster than GitHub's write limits outruns it.",
          ...input.cutOff,
        ]
      : []),
    "",
    input.timeToZeroSeconds !== undefined
      ? `Containment finished ${input.timeToZeroSeconds}s after the trip.`
      : "This list is updated when containment finishes.",
    "",
    ...(input.demotion
      ? [
          `**To tighten this agent:** \`${input.demotion}\` (opens a pull request against the config with the agent's record; nothing changes until a human merges it).`,
          "",
        ]
      : []),
    `To resume: \`/guardrails resume @${trip.agent === "*" ? "all" : trip.agent}\` (add \`--undo\` for a false positive: containment's steps are reversed, including what was contained on arrival — comments shown again, issues and PRs reopened or closed again, drafts marked ready, the agent assigned again, labels, text, branches, tags and releases put back; comments deleted on arrival stay held for \`/guardrails approve\`; a revert already on a branch, a disabled auto-merge and a cancelled run stay, and the reply says why). Resuming gives back access the app took away.`,
  ].join("\n");
}

/** One of the agent's actions as the incident's timeline shows it. */
export interface TimelineAction {
  at: string;
  repo: string;
  action: string;
  verdict: string;
  targetNumber: number | null;
  url?: string | null;
}

/** At most this many actions are listed (the newest); the rest are counted. */
export const TIMELINE_MAX = 50;

/**
 * What the agent did, oldest first, each with its link: the kind, where and the verdict, never
 * the agent's text. A link is only one GitHub gave (an `https://github.com/` URL), printed as is.
 */
function timeline(actions: readonly TimelineAction[]): string[] {
  if (actions.length === 0) return ["**What the agent did:** nothing recorded in the lookback window before the trip.", ""];
  const shown = actions.slice(-TIMELINE_MAX);
  const hidden = actions.length - shown.length;
  return [
    `**What the agent did** (${actions.length} action(s) in the lookback window, oldest first):`,
    "",
    ...(hidden > 0 ? [`- … ${hidden} earlier action(s) (see \`agent-guardrails audit --actor <agent>\`)`] : []),
    ...shown.map((a) => {
      const where = `${a.repo}${a.targetNumber !== null ? `#${a.targetNumber}` : ""}`;
      const link = a.url && /^https:\/\/github\.com\/[^\s()<>]+$/.test(a.url) ? ` (${a.url})` : "";
      return `- ${a.at} \`${a.action}\` ${where}${link}: ${a.verdict}`;
    }),
    "",
  ];
}

function describeTarget(step: { owner: string; repo: string; effect: Effect }): string {
  const e = step.effect;
  const where = `${step.owner}/${step.repo}`;
  if ("number" in e && e.number !== undefined) return `${where}#${e.number}`;
  if (e.kind === "revert_push") return `${where}@${e.sha.slice(0, 7)}`;
  if ("nodeId" in e) return `${where} comment ${e.nodeId}`;
  if (e.kind === "delete_ref" || e.kind === "create_ref")
    return `${where} \`${e.ref}\`${"sha" in e && e.sha ? `@${e.sha.slice(0, 7)}` : ""}`;
  if (e.kind === "set_release_draft") return `${where} release ${e.releaseId}`;
  if (e.kind === "cancel_workflow_run") return `${where} run ${e.runId}`;
  if (e.kind === "cut_off_agent" || e.kind === "restore_agent_access") return `${where} \`${e.login}\` (${e.how})`;
  if (e.kind === "restore_discussion_text") return `${where} discussion ${e.discussionNodeId}`;
  return where;
}
