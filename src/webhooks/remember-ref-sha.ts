import type { GuardrailsConfig } from "../config/schema.js";
import type { PipelineDeps, WebhookEvent } from "../pipeline-deps.js";
import { classifyActor, type AccountFields } from "../policy/classify-actor.js";
import { refShaKey } from "./agent-commits.js";

/**
 * Remembers where an agent's branch last pointed: the `after` of an agent's push, the head of an
 * agent's pull request (in this repository). The `delete` webhook carries no sha, so this is what
 * containment restores a branch the agent deleted at, and what guards deleting one it created
 * (not if someone built on it). One write per agent push or PR event, none for a human's, and none
 * when the sha is the one already known.
 */
export async function rememberRefSha(deps: PipelineDeps, event: WebhookEvent, agents: GuardrailsConfig["agents"]): Promise<void> {
  if (event.payload === null || typeof event.payload !== "object") return;
  const p = event.payload as Record<string, unknown>;
  const full = str((p.repository as Record<string, unknown> | undefined)?.full_name);
  if (!full) return;
  const isAgent = (account: unknown) => {
    const a = account as Record<string, unknown> | undefined;
    const login = str(a?.login);
    if (!login) return false;
    const fields: AccountFields = { login, id: typeof a?.id === "number" ? a.id : 0, type: str(a?.type) };
    return classifyActor(fields, agents, deps.appLogin).kind === "agent";
  };
  let branch: string | undefined;
  let sha: string | undefined;
  if (event.name === "push") {
    const ref = str(p.ref);
    if (!ref?.startsWith("refs/heads/") || p.deleted === true || !isAgent(p.sender)) return;
    branch = ref;
    sha = str(p.after);
  } else if (event.name === "pull_request") {
    const pr = p.pull_request as Record<string, unknown> | undefined;
    const head = pr?.head as Record<string, unknown> | undefined;
    if (str((head?.repo as Record<string, unknown> | undefined)?.full_name) !== full) return;
    if (!isAgent(p.sender) && !isAgent(pr?.user)) return;
    branch = str(head?.ref);
    sha = str(head?.sha);
  }
  if (!branch || !sha || /^0+$/.test(sha)) return;
  const key = refShaKey(full, branch);
  if ((await deps.store.getCachedFile(key))?.text === sha) return;
  await deps.store.putCachedFile(key, sha, deps.clock().toISOString());
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
