import type { AgentAction } from "../agent-action.js";
import type { Decision } from "../decision.js";
import { LABELS, type Effect } from "../effect.js";
import { findAgentEntry } from "../find-agent-entry.js";
import { checkRun } from "./pull-request-rules.js";
import { audited, tamper, type TamperConfig } from "./tamper.js";

/** The labels the app relies on: an agent removing one removes a marker people and the gate read. */
const REQUIRED_LABELS: readonly string[] = Object.values(LABELS);

/**
 * Review integrity: no agent may weaken a human's review. Dismissing a human's review cannot be
 * undone on GitHub, so the gate goes back to `action_required` and a comment names the review;
 * auto-merge is disabled; a review an agent requested from itself or another agent is withdrawn;
 * a required label comes back. Each trips `tamper`.
 */
export function decideReviewIntegrity(action: AgentAction, config: TamperConfig): Decision {
  const { target, actor } = action;
  const number = target.number!;
  switch (action.kind) {
    case "pull_request_review.dismissed": {
      const review = target.dismissedReview;
      if (review?.author.kind !== "human")
        return audited(action, `dismissed ${review ? `${review.author.login}'s` : "a"} review on #${number}`);
      const named = `review ${review.id} by \`${review.author.login}\`${review.state ? ` (${review.state})` : ""}`;
      const effects: Effect[] = [];
      if (target.sha) {
        effects.push(
          checkRun(
            action,
            "action_required",
            "A human's review was dismissed by an agent",
            `Agent \`${actor.login}\` dismissed ${named}. A maintainer approves the current head with \`/guardrails approve\`.`,
          ),
        );
      }
      effects.push({
        kind: "create_comment",
        number,
        body: [
          `**agent-guardrails**: agent \`${actor.login}\` dismissed ${named}.`,
          "",
          "GitHub cannot undo a dismissal: the `agent-guardrails` check is back to `action_required` until a maintainer approves the current head with `/guardrails approve`.",
        ].join("\n"),
      });
      return tamper(
        action,
        config,
        `dismissed ${named} on #${number}`,
        "the gate is back to action_required, a comment names the review",
        effects,
      );
    }
    case "pull_request.auto_merge_enabled":
      return tamper(action, config, `enabled auto-merge on #${number}`, "auto-merge disabled", [
        { kind: "disable_auto_merge", prNodeId: target.prNodeId ?? target.nodeId!, number },
      ]);
    case "pull_request.review_requested": {
      const login = target.requestedReviewer;
      // A team (`org/slug`) is people; an account is an agent when it is this one or a listed agent.
      const agentReviewer =
        login !== undefined &&
        !login.includes("/") &&
        (login.toLowerCase() === actor.login.toLowerCase() || findAgentEntry(config.agents, login, 0) !== undefined);
      if (!agentReviewer) return audited(action, `requested a review from ${login ?? "someone"} on #${number}`);
      const whose = login.toLowerCase() === actor.login.toLowerCase() ? "its own review" : `a review from agent ${login}`;
      return tamper(action, config, `requested ${whose} on #${number}`, "the request removed", [
        { kind: "remove_requested_reviewer", number, login },
      ]);
    }
    case "issues.unlabeled":
    case "pull_request.unlabeled": {
      const label = target.label;
      if (label === undefined || !REQUIRED_LABELS.includes(label))
        return audited(action, `removed the label ${label ?? "(unknown)"} from #${number}`);
      return tamper(action, config, `removed the required label ${label} from #${number}`, "the label restored", [
        { kind: "add_label", number, label },
      ]);
    }
    default:
      return audited(action, `${action.kind} on #${number}`);
  }
}
