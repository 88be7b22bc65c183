import type { RepoRef } from "../policy/agent-action.js";

/** Payload fields read before normalize, tolerant of anything: a malformed payload is skipped, not a crash. */

/** The repository a webhook is about, or null when the payload names none. */
export function repoOf(payload: unknown): RepoRef | null {
  const repository = (payload as { repository?: { name?: unknown; owner?: { login?: unknown } } } | null)?.repository;
  if (typeof repository?.name !== "string" || typeof repository.owner?.login !== "string") return null;
  return { owner: repository.owner.login, repo: repository.name };
}

/** Who sent the webhook. */
export function senderOf(payload: unknown): string | undefined {
  const login = (payload as { sender?: { login?: unknown } } | null)?.sender?.login;
  return typeof login === "string" ? login : undefined;
}

/** The installation the webhook came through (0 when absent). */
export function installationOf(payload: unknown): number {
  const id = (payload as { installation?: { id?: unknown } } | null)?.installation?.id;
  return typeof id === "number" ? id : 0;
}
