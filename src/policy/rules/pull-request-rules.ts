import type { Policy } from "../../config/schema.js";
import type { AgentAction } from "../agent-action.js";
import type { Decision } from "../decision.js";
import { CHECK_NAME, LABELS, type Effect } from "../effect.js";
import type { PolicyState } from "../policy-state.js";
import { labelThread, tierLabel, tierReason } from "./tier-rules.js";

/**
 * The permission table's first two rows for pull requests:
 * - opening a PR: allowed and logged; converted to draft (`pull_request: draft`), and again when
 *   the agent marks it ready; `close` closes it instead;
 * - merging: the `agent-guardrails` check stays `action_required` until a maintainer approves the
 *   head sha (`merge: require_approval`), or fails for good (`merge: deny`); a merge by the agent
 *   itself is a violation.
 * Every PR gets the check, because a required check must report everywhere: a PR no agent touched
 * gets a passing one and nothing else.
 * A person's PR with evidence of an agent follows `tiers.<tier>.pull_request` (`tierMode`): `gate`
 * gates it like an agent's (draft, pending check until approved), `label` and `flag` label it
 * beside the passing check, `allow` only audits it.
 */
export function decidePullRequest(
  action: AgentAction,
  policy: Policy,
  state: PolicyState,
  tierMode?: "allow" | "label" | "flag" | "gate",
): Decision {
  const { target, actor } = action;
  const number = target.number!;
  // An agent PR is one an agent opened or pushed to, or whose branch carries an agent's commits
  // (bypass: an agent's commits on a human's PR, then a human's push, passed the check).
  const byCommits = target.author?.kind !== "agent" && actor.kind !== "agent" && state.agentCommitsBy !== undefined;
  // A person's PR whose evidence says an agent wrote it (tiers.suspected.pull_request: gate by default).
  const byTier = target.author?.kind !== "agent" && actor.kind !== "agent" && tierMode === "gate";
  const gated = target.author?.kind === "agent" || actor.kind === "agent" || byCommits || byTier;
  const tierNote =
    byTier && action.tier ? [`${tierReason(action)}: gated like an agent pull request (tiers.${action.tier}.pull_request: gate)`] : [];
  const issues = configNote(state);

  if (action.kind === "pull_request.merged" && actor.kind !== "agent") {
    // A person merged an agent's PR: the merge is theirs to make; the row says who and whether the
    // head they merged is one a maintainer approved (stored approvals: no GitHub request).
    const head = target.headSha;
    const approvedHead = head !== undefined && state.approvedShas?.includes(head) === true;
    return {
      verdict: "allow",
      reasons: [
        `${actor.login} merged agent pull request #${number}${head ? ` at head ${head.slice(0, 12)}` : ""}: ${approvedHead ? "that head was approved" : `not an approved head (approved: ${state.approvedShas?.length ? state.approvedShas.map((s) => s.slice(0, 12)).join(", ") : "none"})`}`,
      ],
      effects: [],
    };
  }
  if (action.kind === "pull_request.closed" && actor.kind !== "agent") {
    return { verdict: "allow", reasons: [`${actor.login} closed agent pull request #${number}: logged`], effects: [] };
  }

  if (action.kind === "pull_request.merged") {
    const nodeId = target.prNodeId ?? target.nodeId;
    return {
      verdict: "violation",
      reasons: [`agent ${actor.login} merged #${number}: merges need a human (policy.merge: ${policy.merge}): reverted`, ...issues],
      effects: nodeId ? [{ kind: "revert_merge", prNodeId: nodeId, number }] : [],
    };
  }

  if (!gated) {
    if (action.kind === "pull_request.ready_for_review") return ignore("a human marked a human's PR ready");
    const tier = action.tier === "suspected" || action.tier === "assisted" ? action.tier : undefined;
    if (tier && tierMode && tierMode !== "allow" && tierMode !== "gate") {
      // Labelled, not gated: a person used an assistant and stays accountable for the change.
      const label = tierMode === "flag" ? LABELS.flagged : tierLabel(tier);
      return {
        verdict: "allow",
        reasons: [
          `${tierReason(action)}: labelled ${label}, not gated (tiers.${tier}.pull_request: ${tierMode})`,
          "no listed agent authored or pushed this pull request: passing check",
        ],
        effects: [
          ...labelThread(action, label),
          checkRun(action, "success", "No agent involved", "No listed agent authored or pushed to this pull request."),
        ],
      };
    }
    return {
      verdict: "allow",
      reasons: [
        ...(tier ? [`${tierReason(action)}: audited only (tiers.${tier}.pull_request: allow)`] : []),
        "no agent authored or pushed this pull request: passing check",
      ],
      effects: [checkRun(action, "success", "No agent involved", "No listed agent authored or pushed to this pull request.")],
    };
  }

  const sha = target.sha!;
  const approved = state.approvedShas?.includes(sha) === true && policy.merge === "require_approval";
  const gate = (): Effect[] =>
    approved
      ? [checkRun(action, "success", "Approved", `A maintainer approved ${sha.slice(0, 7)}.`)]
      : [{ kind: "add_label", number, label: LABELS.pending }, pendingCheck(action, policy, state)];

  if (byCommits && action.kind !== "pull_request.ready_for_review") {
    // A human's PR: not drafted or closed, but gated like an agent's until a maintainer approves the head.
    return {
      verdict: "gate",
      reasons: [
        `the branch carries commits by agent ${state.agentCommitsBy}: gated like an agent pull request`,
        approved ? "this head sha is already approved" : mergeReason(policy),
        ...issues,
      ],
      effects: gate(),
    };
  }

  switch (action.kind) {
    case "pull_request.opened":
    case "pull_request.reopened": {
      const effects: Effect[] = [];
      const reasons: string[] = [];
      // A person's PR is never closed on evidence alone: drafted at most.
      const mode = byTier && policy.pull_request === "close" ? "draft" : policy.pull_request;
      if (mode === "close") {
        effects.push({ kind: "close_pull_request", number });
        reasons.push(`agent pull requests are closed (policy.pull_request: close)`);
      } else if (mode === "draft" && !target.draft) {
        effects.push({ kind: "convert_to_draft", prNodeId: target.prNodeId ?? target.nodeId!, number });
        reasons.push("agent pull requests are converted to draft (policy.pull_request: draft)");
      } else {
        reasons.push(`agent pull request allowed and logged (policy.pull_request: ${policy.pull_request})`);
      }
      effects.push(...gate());
      reasons.push(approved ? "this head sha is already approved" : mergeReason(policy));
      return { verdict: "gate", reasons: [...tierNote, ...reasons, ...issues], effects };
    }
    case "pull_request.ready_for_review": {
      if (actor.kind !== "agent")
        return {
          verdict: "allow",
          reasons: [`${actor.login} (not an agent) marked the PR ready; the check still gates the merge`],
          effects: [],
        };
      if (policy.pull_request === "draft") {
        return {
          verdict: "gate",
          reasons: ["the agent marked its PR ready: converted back to draft (policy.pull_request: draft)", ...issues],
          effects: [{ kind: "convert_to_draft", prNodeId: target.prNodeId ?? target.nodeId!, number }],
        };
      }
      if (policy.pull_request === "close") {
        return {
          verdict: "gate",
          reasons: ["agent pull requests are closed (policy.pull_request: close)"],
          effects: [{ kind: "close_pull_request", number }],
        };
      }
      return {
        verdict: "allow",
        reasons: ["the agent marked its PR ready (policy.pull_request: allow); the check still gates the merge"],
        effects: [],
      };
    }
    case "pull_request.synchronize":
      return {
        verdict: "gate",
        reasons: [
          ...tierNote,
          approved ? "new head sha already approved" : `new commits on an agent PR need a fresh approval: ${mergeReason(policy)}`,
          ...issues,
        ],
        effects: gate(),
      };
    default:
      return { verdict: "allow", reasons: [`agent ${action.kind.replace("pull_request.", "")} a pull request: logged`], effects: [] };
  }
}

function mergeReason(policy: Policy): string {
  return policy.merge === "deny"
    ? "agent pull requests may not be merged (policy.merge: deny): check fails"
    : "merging needs a maintainer's /guardrails approve (policy.merge: require_approval)";
}

function pendingCheck(action: AgentAction, policy: Policy, state: PolicyState): Effect {
  const issues = state.configIssues?.length
    ? `\n\nConfiguration problems (strict defaults apply):\n${state.configIssues.map((i) => `- ${i}`).join("\n")}`
    : "";
  if (policy.merge === "deny") {
    return checkRun(action, "failure", "Agent pull requests may not be merged", `policy.merge is \`deny\` for this agent.${issues}`);
  }
  return checkRun(
    action,
    "action_required",
    "Waiting for a maintainer's approval",
    `An agent wrote this change. A maintainer approves the current head by commenting \`/guardrails approve\`.${issues}`,
  );
}

/** The `agent-guardrails` check on the action's PR head. */
export function checkRun(
  action: AgentAction,
  conclusion: "action_required" | "success" | "failure",
  title: string,
  summary: string,
  sha: string = action.target.sha!,
  number: number = action.target.number!,
): Effect {
  return { kind: "ensure_check_run", name: CHECK_NAME, number, headSha: sha, conclusion, title, summary };
}

function configNote(state: PolicyState): string[] {
  return state.configIssues?.length ? [`config problems, strict defaults applied: ${state.configIssues.join("; ")}`] : [];
}

function ignore(reason: string): Decision {
  return { verdict: "ignore", reasons: [reason], effects: [] };
}
