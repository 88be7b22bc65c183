/**
 * Makes an agent's text safe to re-post as the app: @-mentions no longer notify anyone (a
 * zero-width space after the @), images no longer load (a loaded image is a request to a server
 * the agent chose), raw HTML is shown as text, and every line is quoted so nothing in it can be a
 * command. Pure.
 */
export function neutralizeText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/</g, "&lt;")
    .replace(/!\[([^\]]*)\]\(([^)]*)\)/g, (_m, alt: string, url: string) => `[image: ${alt || "untitled"}](${url})`)
    .replace(/(^|[^\w`])@(?=[A-Za-z0-9])/g, "$1@\u200b")
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
}

/** The text of a re-posted comment: who wrote it, who approved it, the neutralised quote. */
export function repostBody(author: string, approver: string, text: string, url: string): string {
  return [
    `**Agent comment approved** — written by \`${author}\`, approved by \`${approver}\` ([original](${url}), held by agent-guardrails until approval):`,
    "",
    neutralizeText(text),
  ].join("\n");
}
