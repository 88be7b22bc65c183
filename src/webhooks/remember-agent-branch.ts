import type { GuardrailsConfig } from "../config/schema.js";
import type { PipelineDeps, WebhookEvent } from "../pipeline-deps.js";
import { classifyActor, type AccountFields } from "../policy/classify-actor.js";
import { agentBranchKey, agentInCommits } from "./agent-commits.js";

/**
 * A push to a branch other than the default one whose commits name a listed agent (author,
 * committer, `Co-authored-by:`), whoever pushed it: the branch is recorded, so a pull request from
 * it is gated like an agent's even when a human opened it or pushed last (bypass: an agent's
 * commits on a human's PR). Pure check first: a human's ordinary push costs no request and no write.
 */
export async function rememberAgentBranch(deps: PipelineDeps, event: WebhookEvent, agents: GuardrailsConfig["agents"]): Promise<void> {
  if (event.name !== "push" || event.payload === null || typeof event.payload !== "object") return;
  const p = event.payload as Record<string, unknown>;
  const repository = p.repository as Record<string, unknown> | undefined;
  const full = typeof repository?.full_name === "string" ? repository.full_name : undefined;
  const ref = typeof p.ref === "string" ? p.ref : undefined;
  if (!full || !ref?.startsWith("refs/heads/") || p.deleted === true) return;
  if (ref === `refs/heads/${String(repository?.default_branch ?? "")}`) return;
  const classify = (a: AccountFields) => classifyActor(a, agents, deps.appLogin);
  const sender = p.sender as Record<string, unknown> | undefined;
  const bySender =
    typeof sender?.login === "string"
      ? classify({
          login: sender.login,
          id: typeof sender.id === "number" ? sender.id : 0,
          type: typeof sender.type === "string" ? sender.type : undefined,
        })
      : undefined;
  const agent = bySender?.kind === "agent" ? bySender : agentInCommits(p.commits, classify);
  if (agent === undefined) return;
  const key = agentBranchKey(full, ref);
  if ((await deps.store.getCachedFile(key))?.text) return;
  await deps.store.putCachedFile(key, agent.login, deps.clock().toISOString());
}
