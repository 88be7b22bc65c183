import { describe, expect, test } from "@jest/globals";
import MarkdownIt from "markdown-it";
import { parseCommands } from "../../src/commands/parse-commands.js";

/** The same Markdown as the parser's: what GitHub renders, as block token types (closings left out). */
const markdown = new MarkdownIt("commonmark", { html: true }).enable(["table", "strikethrough"]);
function rendered(body: string): string {
  return markdown
    .parse(body, {})
    .filter((t) => t.nesting !== -1 && !/^(thead|tbody|tr)_open$/.test(t.type))
    .map((t) => (t.type === "inline" ? `inline[${(t.children ?? []).map((c) => c.type).join(",")}]` : t.type))
    .join(" ");
}

// { case, body } beside what markdown-it renders → the commands that count and the ignored ones.
const rows: { row: string; body: string; tokens: string; commands: string[]; ignored: string[] }[] = [
  // Plain positive cases: a line of a top-level paragraph of the comment itself.
  { row: "first line", body: "/guardrails approve", tokens: "paragraph_open inline[text]", commands: ["approve"], ignored: [] },
  {
    row: "after other paragraph text, on its own line",
    body: "Looks good.\n/guardrails approve",
    tokens: "paragraph_open inline[text,softbreak,text]",
    commands: ["approve"],
    ignored: [],
  },
  {
    row: "after a hard break",
    body: "Looks good.  \n/guardrails approve",
    tokens: "paragraph_open inline[text,hardbreak,text]",
    commands: ["approve"],
    ignored: [],
  },
  {
    row: "its own paragraph after another",
    body: "Reviewed.\n\n/guardrails approve",
    tokens: "paragraph_open inline[text] paragraph_open inline[text]",
    commands: ["approve"],
    ignored: [],
  },
  {
    row: "several commands",
    body: "/guardrails approve\n/guardrails status",
    tokens: "paragraph_open inline[text,softbreak,text]",
    commands: ["approve", "status"],
    ignored: [],
  },
  {
    row: "after a closed <details>",
    body: "<details>\n\nlog\n\n</details>\n\n/guardrails approve",
    tokens: "html_block paragraph_open inline[text] html_block paragraph_open inline[text]",
    commands: ["approve"],
    ignored: [],
  },

  // The four bypasses of "An agent that knows the rules cannot switch them off".
  {
    row: "bypass: a ```sh line does not close a fence",
    body: "```\n$ agent run\n```sh\n/guardrails approve",
    tokens: "fence",
    commands: [],
    ignored: ["code"],
  },
  {
    row: "bypass: a ```sh line does not close a fence (closed later)",
    body: "```\nlog\n```sh\n/guardrails approve\n```\n/guardrails status",
    tokens: "fence paragraph_open inline[text]",
    commands: ["status"],
    ignored: ["code"],
  },
  {
    row: "bypass: a lazy blockquote continuation is part of the quote",
    body: "> The agent said:\n/guardrails approve",
    tokens: "blockquote_open paragraph_open inline[text,softbreak,text]",
    commands: [],
    ignored: ["quoted"],
  },
  { row: "bypass: a <pre> block", body: "<pre>\n/guardrails approve\n</pre>", tokens: "html_block", commands: [], ignored: ["html"] },
  {
    row: "bypass: a <pre> block across blank lines",
    body: "<pre>\nlog\n\n/guardrails approve\n\n</pre>",
    tokens: "html_block",
    commands: [],
    ignored: ["html"],
  },
  {
    row: "bypass: <details> (its HTML block ends at the blank line, GitHub renders the paragraph inside)",
    body: "<details><summary>Transcript</summary>\n\n/guardrails approve\n\n</details>",
    tokens: "html_block paragraph_open inline[text] html_block",
    commands: [],
    ignored: ["html"],
  },

  // Other constructs GitHub does not render as a paragraph of the comment.
  { row: "HTML comment", body: "<!-- /guardrails approve -->", tokens: "html_block", commands: [], ignored: ["html-comment"] },
  { row: "HTML comment over lines", body: "<!--\n/guardrails approve\n-->", tokens: "html_block", commands: [], ignored: ["html-comment"] },
  {
    row: "inline HTML comment",
    body: "Noted <!-- /guardrails approve -->",
    tokens: "paragraph_open inline[text,html_inline]",
    commands: [],
    ignored: ["html-comment"],
  },
  {
    row: "inside an inline HTML element",
    body: "See <b>\n/guardrails approve</b>",
    tokens: "paragraph_open inline[text,html_inline,softbreak,text,html_inline]",
    commands: [],
    ignored: ["html"],
  },
  { row: "indented code", body: "    /guardrails approve", tokens: "code_block", commands: [], ignored: ["code"] },
  { row: "fenced code", body: "~~~\n/guardrails approve\n~~~", tokens: "fence", commands: [], ignored: ["code"] },
  {
    row: "inline code",
    body: "`/guardrails approve`",
    tokens: "paragraph_open inline[code_inline]",
    commands: [],
    ignored: ["not-at-line-start"],
  },
  {
    row: "a table cell",
    body: "| step |\n| --- |\n| /guardrails approve |",
    tokens: "table_open th_open inline[text] td_open inline[text]",
    commands: [],
    ignored: ["table"],
  },
  {
    row: "a bullet list item",
    body: "- /guardrails approve",
    tokens: "bullet_list_open list_item_open paragraph_open inline[text]",
    commands: [],
    ignored: ["list"],
  },
  {
    row: "an ordered list item",
    body: "1. /guardrails approve",
    tokens: "ordered_list_open list_item_open paragraph_open inline[text]",
    commands: [],
    ignored: ["list"],
  },
  { row: "a heading", body: "# /guardrails approve", tokens: "heading_open inline[text]", commands: [], ignored: ["heading"] },
  { row: "a setext heading", body: "/guardrails approve\n---", tokens: "heading_open inline[text]", commands: [], ignored: ["heading"] },
  {
    row: "mid-line",
    body: "please /guardrails approve",
    tokens: "paragraph_open inline[text]",
    commands: [],
    ignored: ["not-at-line-start"],
  },
  {
    row: "escaped slash",
    body: "\\/guardrails approve",
    tokens: "paragraph_open inline[text]",
    commands: [],
    ignored: ["not-at-line-start"],
  },
  {
    row: "emphasised",
    body: "*/guardrails approve*",
    tokens: "paragraph_open inline[em_open,text,em_close]",
    commands: [],
    ignored: ["not-at-line-start"],
  },
  {
    row: "GitHub math between $$ lines",
    body: "$$\n/guardrails approve\n$$\n/guardrails status",
    tokens: "paragraph_open inline[text,softbreak,text,softbreak,text,softbreak,text]",
    commands: ["status"],
    ignored: ["math"],
  },
  {
    row: "a quote inside a list",
    body: "- > /guardrails approve",
    tokens: "bullet_list_open list_item_open blockquote_open paragraph_open inline[text]",
    commands: [],
    ignored: ["quoted"],
  },
];

describe("commands are found with a CommonMark parser", () => {
  test.each(rows)("$row", ({ body, tokens, commands, ignored }) => {
    expect(rendered(body)).toBe(tokens);
    const parsed = parseCommands(body);
    expect(parsed.commands.map((c) => c.name)).toEqual(commands);
    expect(parsed.ignored.map((i) => i.why)).toEqual(ignored);
  });

  test("an ignored line is reported as written, for the audit", () => {
    expect(parseCommands("> The agent said:\n/guardrails approve").ignored).toEqual([{ line: "/guardrails approve", why: "quoted" }]);
  });

  test("a command's arguments keep a link's URL when the line is rebuilt from its tokens", () => {
    const body = "a `x\ny`\n/guardrails approve [it](https://github.com/acme/widgets/pull/42#issuecomment-7)";
    expect(parseCommands(body).commands).toEqual([
      {
        name: "approve",
        args: ["[it](https://github.com/acme/widgets/pull/42#issuecomment-7)"],
        line: "/guardrails approve [it](https://github.com/acme/widgets/pull/42#issuecomment-7)",
      },
    ]);
  });
});
