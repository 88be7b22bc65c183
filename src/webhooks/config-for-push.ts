import { CONFIG_PATH, heldKey, loadConfig } from "../config/load-config.js";
import type { LoadedConfig } from "../config/loaded-config.js";
import type { GuardrailsConfig } from "../config/schema.js";
import type { GitHubAdapter } from "../github/github-adapter.js";
import type { PipelineDeps, WebhookEvent } from "../pipeline-deps.js";
import type { AgentAction, RepoRef } from "../policy/agent-action.js";
import { MalformedPayloadError, normalize } from "./normalize.js";
import { senderOf } from "./payload-fields.js";

/**
 * The config that judges a push changing the config file of the default branch, and whether the
 * new file applies. Config changes take effect only from humans: the pusher is classified by the
 * config before the push (the cached file, else the file at the push's `before`, never the new
 * file). An agent's push — or one carrying an agent's commits — keeps that config: the cache is
 * not dropped and a hold is recorded (`heldKey`), so every later event is judged by it too, until
 * a human's push of the file lifts the hold and applies the file at once. The app's own push (a
 * revert) neither applies nor lifts a hold; without a hold it is read like a human's.
 */
export async function configForPush(
  deps: PipelineDeps,
  github: GitHubAdapter,
  event: WebhookEvent,
  repo: RepoRef,
): Promise<{ loaded: LoadedConfig; applied: boolean }> {
  const { store, clock } = deps;
  const key = `${repo.owner}/${repo.repo}:${CONFIG_PATH}`;
  const before = (event.payload as { before?: unknown }).before;
  const beforeSha = typeof before === "string" && !/^0+$/.test(before) ? before : null;
  const previous = await loadConfig({ github, cache: store, now: clock(), pin: { key, sha: beforeSha } }, repo);
  const held = await store.getCachedFile(heldKey(key));
  const pusher = configPusher(event, previous.config.agents, deps.appLogin);
  if (pusher === "agent" || (pusher === "app" && held !== null)) {
    // The first agent change names the state humans left; a later one's `before` is the agent's own.
    if (pusher === "agent" && held === null) await store.putCachedFile(heldKey(key), beforeSha, clock().toISOString());
    return { loaded: previous, applied: false };
  }
  await store.deleteCachedFile(heldKey(key));
  await store.deleteCachedFile(key);
  return { loaded: await loadConfig({ github, cache: store, now: clock() }, repo), applied: true };
}

/** Who pushed, by the given agents list: an agent (sender or a commit's author/committer), the app itself, or anyone else. */
function configPusher(event: WebhookEvent, agents: GuardrailsConfig["agents"], appLogin: string | undefined): "agent" | "app" | "human" {
  let action: AgentAction | null;
  try {
    action = normalize(event.name, event.id, event.payload, { agents, appLogin });
  } catch (error) {
    if (!(error instanceof MalformedPayloadError)) throw error;
    return "agent"; // unreadable: fail closed, the previous config stays
  }
  if (action?.actor.kind === "agent") return "agent";
  const sender = senderOf(event.payload);
  return appLogin !== undefined && sender?.toLowerCase() === appLogin.toLowerCase() ? "app" : "human";
}
