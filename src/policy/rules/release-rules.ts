import type { Policy } from "../../config/schema.js";
import type { AgentAction } from "../agent-action.js";
import type { Decision } from "../decision.js";
import { audited } from "./tamper.js";

/**
 * An agent's release is outward-facing publication: a published one (release.published, or
 * created or edited while not a draft) follows `policy.release`. `draft` turns it back into a
 * draft, which a maintainer publishes by hand; `allow` audits it. A draft, and a deletion (GitHub
 * cannot restore a release), are audited.
 */
export function decideRelease(action: AgentAction, policy: Policy): Decision {
  const { target } = action;
  const name = target.title ?? (target.releaseId !== undefined ? `${target.releaseId}` : "(unnamed)");
  if (action.kind === "release.deleted") return audited(action, `deleted release ${name} (GitHub cannot restore it)`);
  const published = action.kind === "release.published" || target.releaseDraft === false;
  if (!published) return audited(action, `${action.kind === "release.created" ? "created" : "edited"} draft release ${name}`);
  if (policy.release === "allow")
    return {
      verdict: "allow",
      reasons: [`agent ${action.actor.login} published release ${name}: allowed (policy.release: allow)`],
      effects: [],
    };
  if (target.releaseId === undefined)
    return {
      verdict: "gate",
      reasons: [
        `agent ${action.actor.login} published release ${name}: no release id in the payload, a maintainer drafts it (policy.release: draft)`,
      ],
      effects: [],
    };
  return {
    verdict: "gate",
    reasons: [
      `agent ${action.actor.login} published release ${name}: turned back into a draft, a maintainer publishes it by hand (policy.release: draft)`,
    ],
    effects: [{ kind: "set_release_draft", releaseId: target.releaseId, draft: true }],
  };
}
