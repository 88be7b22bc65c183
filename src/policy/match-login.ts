/**
 * Whether a login matches a pattern from `agents:`. Only `*` (any run) and `?` (one character)
 * are wildcards: every other character is literal, so the `[bot]` suffix of App accounts is not
 * read as a character class (as a general glob library would). GitHub logins are
 * case-insensitive, so matching is too.
 *
 * A pattern without a wildcard is compared as a string, without building a RegExp: an `agents`
 * list is scanned on every event, and a long list of plain names must stay cheap.
 */
export function matchLogin(pattern: string, login: string): boolean {
  if (!pattern.includes("*") && !pattern.includes("?")) {
    return pattern.length === login.length && pattern.toLowerCase() === login.toLowerCase();
  }
  const source = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, "i").test(login);
}
