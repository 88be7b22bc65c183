/**
 * The hidden marker a creating write carries, looked up before that write is sent again, so that
 * a lost answer (GitHub applied the write, then answered 502 or never answered) followed by the
 * outbox's own retry finds what the first attempt created instead of creating it twice.
 * `author` is this app's login: only what the app itself wrote counts as found, so text an agent
 * writes cannot pass for a marker (docs/design.md, "Visible markers").
 */
export interface CreationMarker {
  /** An HTML comment: invisible on GitHub, kept verbatim in the body. */
  text: string;
  /** The login whose item alone may match (undefined: any author). */
  author?: string;
}

/** Appends the marker to a body once (an update of a body that already carries it keeps one). */
export function withMarker(body: string, marker: CreationMarker | undefined): string {
  if (marker === undefined || body.includes(marker.text)) return body;
  return `${body}\n\n${marker.text}`;
}

/** Whether an item GitHub listed is the one the marker names. */
export function carriesMarker(item: { body?: string | null; user?: { login?: string } | null }, marker: CreationMarker): boolean {
  if (marker.author !== undefined && item.user?.login?.toLowerCase() !== marker.author.toLowerCase()) return false;
  return typeof item.body === "string" && item.body.includes(marker.text);
}
