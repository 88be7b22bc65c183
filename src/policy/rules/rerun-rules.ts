import type { GuardrailsConfig } from "../../config/schema.js";
import type { AgentAction } from "../agent-action.js";
import type { Decision } from "../decision.js";
import { CHECK_NAME } from "../effect.js";
import { effectivePolicy } from "../effective-policy.js";
import type { PolicyState } from "../policy-state.js";
import { decidePullRequest } from "./pull-request-rules.js";

/**
 * Re-run on the `agent-guardrails` check (`check_run.rerequested`): the gate is decided again,
 * for each PR of the check, exactly as a `pull_request.synchronize` of its current head would be
 * — from what the edge read (the PR's author and head from GitHub, approvals and an agent's
 * recorded commits from the store), never from who clicked or which sha the click was on. A
 * Re-run on a stale head therefore gates the head that would be merged, and an approval of an
 * older head passes nothing.
 */
export function decideRerun(action: AgentAction, config: GuardrailsConfig, state: PolicyState): Decision {
  if (action.target.checkName !== CHECK_NAME) return { verdict: "ignore", reasons: [], effects: [] };
  const prs = state.rerun?.pullRequests ?? [];
  if (prs.length === 0)
    return { verdict: "ignore", reasons: [`${action.actor.login} re-ran ${CHECK_NAME} on no open pull request`], effects: [] };
  const decisions = prs.map((pr) => {
    // The PR's author acts here, not the clicker: a human clicking Re-run does not make an agent PR a human's.
    const synchronize: AgentAction = {
      ...action,
      event: "pull_request",
      kind: "pull_request.synchronize",
      actor: pr.author,
      target: {
        number: pr.number,
        sha: pr.headSha,
        nodeId: pr.nodeId,
        prNodeId: pr.nodeId,
        url: pr.url,
        isPullRequest: true,
        author: pr.author,
      },
    };
    const subject = pr.author.kind !== "agent" && pr.agentCommitsBy !== undefined ? { login: pr.agentCommitsBy, id: 0 } : pr.author;
    const policy = effectivePolicy(config, subject.login, subject.id);
    const decided = decidePullRequest(synchronize, policy, {
      ...state,
      approvedShas: pr.approvedShas,
      agentCommitsBy: pr.author.kind === "agent" ? undefined : pr.agentCommitsBy,
    });
    const stale =
      action.target.sha !== undefined && action.target.sha !== pr.headSha
        ? ` (re-run on ${action.target.sha.slice(0, 7)}, not the head)`
        : "";
    return { ...decided, reasons: decided.reasons.map((r) => `#${pr.number} at ${pr.headSha.slice(0, 7)}${stale}: ${r}`) };
  });
  const gated = decisions.some((d) => d.verdict === "gate");
  return {
    verdict: gated ? "gate" : "allow",
    reasons: [
      `${action.actor.login} re-ran ${CHECK_NAME}: decided again from the pull request, not from the click`,
      ...decisions.flatMap((d) => d.reasons),
    ],
    effects: decisions.flatMap((d) => d.effects),
  };
}
