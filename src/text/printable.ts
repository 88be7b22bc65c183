/**
 * Text from webhooks and the audit log is written by agents and strangers: before it reaches a
 * terminal, control characters (ANSI escapes that could rewrite the screen, carriage returns that
 * could hide a line) become visible `\uXXXX`, newlines become ⏎, and long text is cut.
 */
export function printable(text: string, max = 200): string {
  const visible = text.replace(/\r?\n/g, " ⏎ ").replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return visible.length > max ? `${visible.slice(0, max - 1)}…` : visible;
}
