import { HIDE_CLASSIFIER } from "../policy/effect.js";
import type { EffectRow, NewEffect, Store } from "../store/store.js";

/**
 * When GitHub refuses to delete a held comment for good (a `hold`), the comment is still up: it
 * is hidden instead, and its hold becomes a `hide`, so that an approval unminimizes it rather than
 * re-posting a second copy beside the original. Returns the fallback outbox rows to apply, or none
 * when there is nothing held (any more) for that comment.
 */
export async function hideInstead(store: Store, row: EffectRow, at: Date, appLogin: string): Promise<EffectRow[]> {
  const effect = row.effect;
  if (effect.kind !== "delete_comment" || effect.surface === "review") return [];
  const [held] = await store.heldComments({ owner: row.owner, repo: row.repo, commentIds: [effect.commentId] });
  if (!held || held.status !== "pending" || held.mode !== "hold") return [];
  const minimize: NewEffect = {
    deliveryId: row.deliveryId,
    installationId: row.installationId,
    owner: row.owner,
    repo: row.repo,
    effect: { kind: "minimize_comment", nodeId: effect.nodeId, classifier: HIDE_CLASSIFIER },
    status: "pending",
    tag: row.tag ?? null,
  };
  const committed = await store.commitDecision({
    deliveryId: `effect:${row.id}:hide-instead`,
    event: "effect",
    at: at.toISOString(),
    audit: {
      at: at.toISOString(),
      deliveryId: row.deliveryId,
      org: row.owner,
      repo: `${row.owner}/${row.repo}`,
      actor: appLogin,
      actorKind: "app",
      action: "effect.hide_instead",
      targetNumber: held.number,
      targetNodeId: effect.nodeId,
      targetUrl: held.url || null,
      targetSha: null,
      verdict: "gate",
      reasons: [`GitHub refused to delete ${held.author}'s held comment: hidden instead, pending approval`],
      effects: [minimize.effect],
      detail: { commentId: effect.commentId },
    },
    effects: [minimize],
    holds: [{ ...held, mode: "hide" }],
  });
  return committed?.effects ?? [];
}
