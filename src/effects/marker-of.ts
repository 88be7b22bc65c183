import type { CreationMarker } from "../github/creation-marker.js";
import type { Effect } from "../policy/effect.js";

/**
 * The marker of a creating effect (see `CreationMarker`), or undefined for an effect that creates
 * nothing or is idempotent on GitHub's side. `appLogin` is whose items alone may match.
 */
export function markerOf(effect: Effect, appLogin?: string): CreationMarker | undefined {
  const author = appLogin === undefined ? {} : { author: appLogin };
  switch (effect.kind) {
    case "ensure_incident_issue":
      // One open issue per title (the agent's incident, a pace alert): the title is the key.
      return { text: `<!-- agent-guardrails:incident ${JSON.stringify(safe(effect.title))} -->`, ...author };
    case "create_comment":
      if (effect.once !== undefined) return { text: `<!-- agent-guardrails:reply ${safe(effect.once)} -->`, ...author };
      return effect.repostOf === undefined ? undefined : { text: `<!-- agent-guardrails:repost comment=${effect.repostOf} -->`, ...author };
    case "create_discussion":
      // Each createDiscussion opens another: a re-post is looked up by its held id first.
      return effect.repostOf === undefined
        ? undefined
        : { text: `<!-- agent-guardrails:repost discussion=${effect.repostOf} -->`, ...author };
    case "revert_merge":
      return { text: `<!-- agent-guardrails:revert-merge pr=${effect.number} -->`, ...author };
    default:
      return undefined;
  }
}

/** An HTML comment ends at the first `--`: a title never gets to close it early. */
function safe(text: string): string {
  return text.replace(/-{2,}/g, "-").replace(/>/g, "›");
}
