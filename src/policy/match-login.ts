/**
 * Whether a login matches a pattern from `agents:`. Only `*` (any run) and `?` (one character)
 * are wildcards: every other character is literal, so the `[bot]` suffix of App accounts is not
 * read as a character class (as a general glob library would). GitHub logins are
 * case-insensitive, so matching is too.
 */
export function matchLogin(pattern: string, login: string): boolean {
  const source = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, "i").test(login);
}
