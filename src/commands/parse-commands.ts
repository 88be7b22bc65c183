import MarkdownIt from "markdown-it";
import type { Token } from "markdown-it";
import { rawHtmlDepth } from "./raw-html-depth.js";

/**
 * Finds `/guardrails` commands in a comment body (the README's commands table). Pure.
 *
 * The body is parsed as GitHub renders it (CommonMark with GFM tables and strikethrough, raw
 * HTML recognised), not by line rules: quoting someone's approval, or pasting an agent's
 * transcript, must never approve anything, and only the parser knows that a "```sh" line does not
 * close a fence or that a lazy line continues a quote. A command counts only as a line of a
 * top-level paragraph of the comment itself: its first line, or a line after a soft or hard
 * break, starting with plain text `/guardrails`. Anything else that mentions `/guardrails` is
 * returned as `ignored` with where it sat, so the refusal can be audited: block quotes, code
 * (fenced, indented, inline), HTML blocks and comments, text inside a raw HTML element such as
 * `<details>` or `<pre>` (counted across blocks: CommonMark ends a `<details>` block at a blank
 * line, GitHub renders what follows inside it), GitHub's `$$` math within a paragraph, list
 * items, table cells and headings. A list item is not a paragraph of the comment:
 * `- /guardrails approve` is refused, with its reason.
 */

/** Command names of the contract; anything else is reported as `unknown`. */
export const COMMAND_NAMES = ["approve", "reject", "halt", "resume", "status", "drill", "promote", "demote"] as const;

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

/** Where a command-looking line sat that makes it no command. */
export type IgnoredWhy = "quoted" | "code" | "math" | "html-comment" | "html" | "list" | "table" | "heading" | "not-at-line-start";

/** A command-looking line that does not count, and why. */
export interface IgnoredCommand {
  line: string;
  why: IgnoredWhy;
}

/** Everything `/guardrails` in one body. */
export interface ParsedCommands {
  commands: ParsedCommand[];
  ignored: IgnoredCommand[];
}

const COMMAND = /^\/guardrails(?:\s+(.*))?$/;
const MENTION = /\/guardrails\b/;

/** GitHub's Markdown as far as finding paragraphs goes: CommonMark, raw HTML on, GFM tables and strikethrough. */
const markdown = new MarkdownIt("commonmark", { html: true }).enable(["table", "strikethrough"]);

/** The block tokens that open a construct whose text is never a command, with the reason. */
const CONTAINERS: Readonly<Record<string, IgnoredWhy>> = {
  blockquote_open: "quoted",
  bullet_list_open: "list",
  ordered_list_open: "list",
  table_open: "table",
  heading_open: "heading",
};

/** Parses every command of a comment body. */
export function parseCommands(body: string | null | undefined): ParsedCommands {
  const result: ParsedCommands = { commands: [], ignored: [] };
  if (!body || !MENTION.test(body)) return result;
  const source = body.replace(/\r\n?/g, "\n");
  const sourceLines = source.split("\n");
  const tokens = markdown.parse(source, {});
  const containers: IgnoredWhy[] = [];
  let htmlDepth = 0;
  tokens.forEach((token, index) => {
    const opened = CONTAINERS[token.type];
    if (opened !== undefined) containers.push(opened);
    else if (token.nesting === -1 && CONTAINERS[token.type.replace(/_close$/, "_open")] !== undefined) containers.pop();
    else if (token.type === "fence" || token.type === "code_block") ignoreLines(result, token.content, "code");
    else if (token.type === "html_block") {
      ignoreLines(result, token.content, containers.at(-1) ?? (token.content.trimStart().startsWith("<!--") ? "html-comment" : "html"));
      if (containers.length === 0) htmlDepth = rawHtmlDepth(token.content, htmlDepth);
    } else if (token.type === "inline") {
      const where = containers.at(-1) ?? (htmlDepth > 0 ? "html" : undefined);
      const paragraph = tokens[index - 1];
      if (where === undefined && paragraph?.type === "paragraph_open")
        htmlDepth = paragraphCommands(token, paragraph, sourceLines, htmlDepth, result);
      else ignoreLines(result, token.content, where ?? "not-at-line-start");
    }
  });
  return result;
}

/**
 * The commands of one top-level paragraph, line by line (a line ends at a soft or hard break).
 * The line's text is its source line when the paragraph's lines map one to one onto its breaks
 * (no code span or inline HTML across a line end), else rebuilt from the tokens. Returns the raw
 * HTML depth after the paragraph's inline HTML.
 */
function paragraphCommands(inline: Token, paragraph: Token, sourceLines: readonly string[], depth: number, result: ParsedCommands): number {
  const groups: Token[][] = [[]];
  for (const child of inline.children ?? []) {
    if (child.type === "softbreak" || child.type === "hardbreak") groups.push([]);
    else groups.at(-1)!.push(child);
  }
  const map = paragraph.map;
  const raw = map && map[1] - map[0] === groups.length ? sourceLines.slice(map[0], map[1]) : undefined;
  let open = depth;
  let math = false;
  groups.forEach((children, index) => {
    const line = (raw?.[index] ?? rebuild(children)).trim();
    const insideHtml = open > 0;
    const insideMath = math || line.startsWith("$$");
    for (const child of children) if (child.type === "html_inline") open = rawHtmlDepth(child.content, open);
    // GitHub renders `$$ … $$` as a math block even inside a paragraph: an odd count of `$$`
    // on a line opens or closes one.
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) math = !math;
    if (!MENTION.test(line)) return;
    const first = children[0];
    const match =
      !insideHtml && !insideMath && first?.type === "text" && first.content.startsWith("/guardrails") ? COMMAND.exec(line) : null;
    if (match) {
      const words = (match[1] ?? "").trim().split(/\s+/).filter(Boolean);
      const head = (words[0] ?? "").toLowerCase();
      const name = (COMMAND_NAMES as readonly string[]).includes(head) ? (head as CommandName) : "unknown";
      result.commands.push({ name, args: words.slice(1), line });
    } else {
      result.ignored.push({
        line,
        why: insideHtml ? "html" : insideMath ? "math" : onlyInHtmlComments(children) ? "html-comment" : "not-at-line-start",
      });
    }
  });
  return open;
}

/** Every line of a construct's text that mentions `/guardrails`, ignored for `why`. */
function ignoreLines(result: ParsedCommands, content: string, why: IgnoredWhy): void {
  for (const line of content.split("\n")) if (MENTION.test(line)) result.ignored.push({ line: line.trim(), why });
}

/** The mention is in inline HTML comments only (`text <!-- /guardrails approve -->`). */
function onlyInHtmlComments(children: readonly Token[]): boolean {
  const mentioning = children.filter((c) => MENTION.test(c.content));
  return mentioning.length > 0 && mentioning.every((c) => c.type === "html_inline" && c.content.startsWith("<!--"));
}

/** A line's text rebuilt from its inline tokens, close to its source (links keep their URL). */
function rebuild(children: readonly Token[]): string {
  const links: Token[] = [];
  return children
    .map((c) => {
      switch (c.type) {
        case "code_inline":
          return c.markup + c.content + c.markup;
        case "link_open":
          links.push(c);
          return c.markup === "autolink" ? "<" : "[";
        case "link_close": {
          const open = links.pop();
          return open?.markup === "autolink" ? ">" : `](${open?.attrGet("href") ?? ""})`;
        }
        case "image":
          return `![${c.content}](${c.attrGet("src") ?? ""})`;
        default:
          return c.nesting === 0 ? c.content : c.markup;
      }
    })
    .join("");
}
