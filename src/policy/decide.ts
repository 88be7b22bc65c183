import type { GuardrailsConfig } from "../config/schema.js";
import type { AgentAction } from "./agent-action.js";
import type { Decision, Verdict } from "./decision.js";
import { effectivePolicy } from "./effective-policy.js";
import type { PolicyState } from "./policy-state.js";
import { checkTrip } from "./breaker/check-trip.js";
import { containOnArrival } from "./breaker/contain-on-arrival.js";
import { decideCommands } from "./rules/command-rules.js";
import { decideAgentComment } from "./rules/comment-rules.js";
import { decideIssue } from "./rules/issue-rules.js";
import { decidePullRequest } from "./rules/pull-request-rules.js";
import { decidePush } from "./rules/push-rules.js";
import { decideReview } from "./rules/review-rules.js";
import { decideRerun } from "./rules/rerun-rules.js";
import { decideDiscussion } from "./rules/discussion-rules.js";
import { decideRelease } from "./rules/release-rules.js";
import { decideReviewIntegrity } from "./rules/review-integrity-rules.js";
import { decideSurface } from "./rules/surface-rules.js";
import { decideTextEdit } from "./rules/text-edit-rules.js";
import { decideTiered, tierMode } from "./rules/tier-rules.js";

/**
 * The pure policy core: what should happen about one action, as data. No I/O, no clock of its
 * own (`now` is passed in), no GitHub types. The action's own rule runs first, then the commands
 * its body carries; both contribute reasons and effects.
 */
export function decide(action: AgentAction, config: GuardrailsConfig, state: PolicyState, _now: Date): Decision {
  // A Re-run of the gate is decided for each PR's author, not for whoever clicked it.
  if (action.kind === "check_run.rerequested") return decideRerun(action, config, state);
  const subject =
    action.target.author?.kind === "agent" && action.actor.kind !== "agent"
      ? action.target.author
      : action.actor.kind !== "agent" && state.agentCommitsBy !== undefined
        ? { login: state.agentCommitsBy, id: 0 }
        : action.actor;
  const policy = effectivePolicy(config, subject.login, subject.id);
  const own = action.actor.kind === "agent" ? decideAgent(action, config, policy, state) : decideOwn(action, config, policy, state);
  if (!action.commands) return own;
  const commands = decideCommands(action, config, state);
  if (own.verdict === "ignore") return commands;
  return {
    ...combine(own, commands),
    holds: own.holds,
    trip: own.trip ?? commands.trip,
    approval: commands.approval,
    resolutions: commands.resolutions,
    resume: commands.resume,
  };
}

/**
 * An agent's action: contained on arrival while its breaker is open; contained and tripping the
 * breaker when it crosses a line (the first over-limit action is already stopped); else the
 * permission table.
 */
function decideAgent(action: AgentAction, config: GuardrailsConfig, policy: GuardrailsConfig["policy"], state: PolicyState): Decision {
  if (state.breaker?.halted) return containOnArrival(action, policy, state.breaker.reason ?? "halted", config.breaker.contain);
  const trip = checkTrip(action, config, state);
  if (trip) {
    const contained = containOnArrival(action, policy, `breaker tripped: ${trip.reason}`, config.breaker.contain);
    return { ...contained, reasons: [`breaker trips on ${trip.reason}: ${trip.evidence}`, ...contained.reasons], trip };
  }
  return decideOwn(action, config, policy, state);
}

/** Two conclusions about one action: the more serious verdict, both reasons and effects. */
function combine(a: Decision, b: Decision): Decision {
  return {
    verdict: VERDICT_ORDER.find((v) => v === a.verdict || v === b.verdict) ?? a.verdict,
    reasons: [...a.reasons, ...b.reasons],
    effects: [...a.effects, ...b.effects],
  };
}

/** When an action and its commands conclude differently, the more serious verdict is the row's. */
const VERDICT_ORDER: readonly Verdict[] = ["contained", "violation", "gate", "refused", "command", "allow", "ignore"];

function decideOwn(action: AgentAction, config: GuardrailsConfig, policy: GuardrailsConfig["policy"], state: PolicyState): Decision {
  // A person's own push, comment or issue is decided only by its tier (the evidence of an agent it carries).
  if (action.actor.kind !== "agent" && action.event !== "pull_request") return decideTiered(action, config, policy, state);
  const row = action.actor.kind === "agent" ? decideAgentRow(action, config, policy) : decidePersonOnPullRequest(action);
  if (row) return row;
  switch (action.event) {
    case "pull_request":
      return decidePullRequest(action, policy, state, tierMode(action, config.tiers, "pull_request"));
    case "pull_request_review": {
      const review = decideReview(action, config);
      if (!action.target.body?.trim()) return review;
      const body = decideAgentComment(action, policy, state);
      return { ...combine(review, body), holds: body.holds, ...(review.trip ? { trip: review.trip } : {}) };
    }
    case "issue_comment":
    case "pull_request_review_comment":
    case "discussion_comment":
    case "commit_comment":
      return decideAgentComment(action, policy, state);
    case "issues":
      return decideIssue(action, policy);
    case "push":
      return decidePush(action, policy);
    default:
      return {
        verdict: "allow",
        reasons: [`agent ${action.actor.login}: ${action.kind} logged`],
        effects: [],
      };
  }
}

/**
 * The rows of the watched surface beyond opening PRs, commenting and pushing (policy/action-table.ts):
 * review integrity, edited text, releases, discussions and the audited rest. Null: the kind keeps
 * the rules above (its own comment's edit, a review, an issue opened, a PR's lifecycle).
 */
function decideAgentRow(action: AgentAction, config: GuardrailsConfig, policy: GuardrailsConfig["policy"]): Decision | null {
  switch (action.kind) {
    case "pull_request_review.dismissed":
    case "pull_request.auto_merge_enabled":
    case "pull_request.review_requested":
    case "pull_request.unlabeled":
    case "issues.unlabeled":
      return decideReviewIntegrity(action, config);
    case "issues.edited":
    case "pull_request.edited":
    case "discussion.edited":
    case "issue_comment.edited":
    case "pull_request_review_comment.edited":
    case "discussion_comment.edited":
    case "pull_request_review.edited":
      return decideTextEdit(action, config, policy);
    case "release.edited":
      return decideTextEdit(action, config, policy) ?? decideRelease(action, policy);
    case "release.created":
    case "release.published":
    case "release.deleted":
      return decideRelease(action, policy);
    case "discussion.created":
      return decideDiscussion(action, policy);
    case "issues.closed":
    case "pull_request.closed":
    case "issues.labeled":
    case "pull_request.labeled":
    case "issues.assigned":
    case "issues.transferred":
    case "issues.deleted":
    case "discussion_comment.deleted":
    case "pull_request.converted_to_draft":
    case "create":
    case "delete":
    case "workflow_dispatch":
    case "workflow_run.requested":
      return decideSurface(action, config);
    default:
      return null;
  }
}

/**
 * The pull request kinds of a person that the PR rules decide: those that move the gate (a push, a
 * reopen), and a merge or close of an agent's PR (audited: a human merging is the point of the
 * gate, never a violation). normalize produces a person's PR action only for these.
 */
const PERSON_PR_KINDS: ReadonlySet<string> = new Set([
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.ready_for_review",
  "pull_request.synchronize",
  "pull_request.merged",
  "pull_request.closed",
]);

/** A person's pull request action the PR rules do not decide is not an agent action. */
function decidePersonOnPullRequest(action: AgentAction): Decision | null {
  if (PERSON_PR_KINDS.has(action.kind)) return null;
  return { verdict: "ignore", reasons: [`${action.actor.login} (not an agent): ${action.kind} is not an agent action`], effects: [] };
}
