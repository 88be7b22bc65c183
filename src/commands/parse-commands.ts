/**
 * Finds `/guardrails` commands in a comment body (DESIGN.md "Command contract"). Pure.
 *
 * A command counts only at the start of a line, outside block quotes, fenced or indented code and
 * HTML comments: quoting someone's approval, or pasting a transcript, must never approve
 * anything. Lines that look like commands but sit in one of those places are returned as
 * `ignored`, so the refusal can be audited.
 */

/** Command names of the contract; anything else is reported as `unknown`. */
export const COMMAND_NAMES = ["approve", "reject", "halt", "resume", "status", "drill"] as const;

/** A command name of the contract. */
export type CommandName = (typeof COMMAND_NAMES)[number];

/** One command line. */
export interface ParsedCommand {
  name: CommandName | "unknown";
  /** Whitespace-separated words after the name. */
  args: string[];
  /** The line as written (trimmed), for the audit log. */
  line: string;
}

/** A command-looking line that does not count, and why. */
export interface IgnoredCommand {
  line: string;
  why: "quoted" | "code" | "html-comment" | "not-at-line-start";
}

/** Everything `/guardrails` in one body. */
export interface ParsedCommands {
  commands: ParsedCommand[];
  ignored: IgnoredCommand[];
}

const COMMAND = /^\/guardrails(?:\s+(.*))?$/;
const MENTION = /\/guardrails\b/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Parses every command of a comment body. */
export function parseCommands(body: string | null | undefined): ParsedCommands {
  const result: ParsedCommands = { commands: [], ignored: [] };
  if (!body || !MENTION.test(body)) return result;
  let fence: string | null = null;
  let inHtmlComment = false;
  for (const raw of body.replace(/\r\n?/g, "\n").split("\n")) {
    const fenceMatch = FENCE.exec(raw);
    if (fence !== null) {
      if (fenceMatch && fenceMatch[1]!.startsWith(fence)) fence = null;
      else if (MENTION.test(raw)) result.ignored.push({ line: raw.trim(), why: "code" });
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      continue;
    }
    if (inHtmlComment || raw.includes("<!--")) {
      const closes = raw.lastIndexOf("-->") > raw.lastIndexOf("<!--");
      if (MENTION.test(raw)) result.ignored.push({ line: raw.trim(), why: "html-comment" });
      inHtmlComment = !closes;
      continue;
    }
    if (!MENTION.test(raw)) continue;
    if (/^ {0,3}>/.test(raw)) result.ignored.push({ line: raw.trim(), why: "quoted" });
    else if (/^( {4,}|\t)/.test(raw)) result.ignored.push({ line: raw.trim(), why: "code" });
    else {
      const match = COMMAND.exec(raw.trim());
      if (!match) {
        result.ignored.push({ line: raw.trim(), why: "not-at-line-start" });
        continue;
      }
      const words = (match[1] ?? "").trim().split(/\s+/).filter(Boolean);
      const head = (words[0] ?? "").toLowerCase();
      const name = (COMMAND_NAMES as readonly string[]).includes(head) ? (head as CommandName) : "unknown";
      result.commands.push({ name, args: words.slice(1), line: raw.trim() });
    }
  }
  return result;
}
