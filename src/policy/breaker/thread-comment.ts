/** One comment of a thread as the store remembers it: who wrote it, what kind of account, when. */
export interface ThreadComment {
  actor: string;
  actorKind: "agent" | "bot" | "human";
  kind: string;
  at: string;
}
