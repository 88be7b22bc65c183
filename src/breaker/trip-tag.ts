/** Names the outbox rows of one containment; `scope` is the org, or `owner/repo` for a repository's breaker. */
export function tripTag(scope: string, agent: string, tripId: number): string {
  return `trip:${scope}:${agent}:${tripId}`;
}
