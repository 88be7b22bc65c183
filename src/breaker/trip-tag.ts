/** Names the outbox rows of one containment; `scope` is the org, or `owner/repo` for a repository's breaker. */
export function tripTag(scope: string, agent: string, tripId: number): string {
  return `trip:${scope}:${agent}:${tripId}`;
}

/** The outbox tag of a trip's incident updates (apart from its plan's, which the drain and the undo read). */
export function incidentUpdateTag(planTag: string): string {
  return `${planTag}:incident`;
}
