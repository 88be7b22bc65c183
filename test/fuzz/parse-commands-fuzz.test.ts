import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { COMMAND_NAMES, parseCommands, type IgnoredWhy, type ParsedCommands } from "../../src/commands/parse-commands.js";
import { LARGE_INPUT, withinBound } from "./within-bound.js";

// Hostile comment bodies for the command parser: it must never throw, must answer within the
// bound, and must only ever return well-formed commands. Quoting, fencing or commenting out any
// body must leave no command at all (an agent pasting a transcript approves nothing).

/** Pieces that mean something to CommonMark, GitHub or the parser, plus text that means nothing. */
const TRICKY = [
  "/guardrails",
  "/guardrails ",
  "/guardrails approve",
  "/GUARDRAILS",
  " approve",
  " halt @amok-agent[bot] runaway",
  " resume all",
  "status",
  "\n",
  "\n\n",
  "\r",
  "\r\n",
  " ",
  "  \n",
  "\t",
  "    ",
  "> ",
  ">",
  "- ",
  "* ",
  "+ ",
  "1. ",
  "1) ",
  "# ",
  "===",
  "---",
  "```",
  "```sh",
  "~~~",
  "`",
  "``",
  "<details>",
  "</details>",
  "<summary>",
  "<pre>",
  "</pre>",
  "<div>",
  "</div>",
  "<!--",
  "-->",
  "<br>",
  "<x/>",
  "<a ",
  '<a href="',
  '"',
  "'",
  "$$",
  "$",
  "|",
  "|-|",
  "[",
  "]",
  "(",
  ")",
  "![",
  "](https://example.com)",
  "<https://x>",
  "\\",
  "*",
  "_",
  "**",
  "~~",
  "&amp;",
  "&#0;",
  "\u0000",
  "\u200b",
  "\ufeff",
  "\u2028",
  "\u00a0",
  "\u{1d54f}",
  "e\u0301",
  "\ud800",
] as const;

const fragment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 6 }) },
);

/** A small body: a few dozen pieces. */
const body = fc.array(fragment, { maxLength: 60 }).map((parts) => parts.join(""));

/**
 * A large body (up to LARGE_INPUT): a small body, then one short construct repeated (deep
 * nesting like `>>>>` or `[[[[`, thousands of command lines or unclosed tags inside an HTML
 * block, one very long line), or many small bodies one after another.
 */
const largeBody = fc.oneof(
  fc
    .tuple(
      fc
        .tuple(fc.constantFrom("", "<div>\n", "<details>\n", "<pre>\n", "> ", "- ", "| a |\n|-|\n"), body)
        .map(([opener, text]) => opener + text),
      fc.array(fragment, { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 1_000, max: LARGE_INPUT }),
    )
    .map(([prefix, parts, size]) => {
      const unit = parts.join("") || "[";
      return (prefix + unit.repeat(Math.ceil(size / unit.length))).slice(0, size);
    }),
  fc.array(body, { minLength: 50, maxLength: 400 }).map((bodies) => bodies.join("\n")),
);

const WHY: readonly IgnoredWhy[] = ["quoted", "code", "math", "html-comment", "html", "list", "table", "heading", "not-at-line-start"];

/**
 * Every command is a `/guardrails` line as the README's table reads it; every ignored line
 * mentions it. Checked in plain code and asserted once: a body can hold thousands of commands.
 */
function expectWellFormed(text: string, parsed: ParsedCommands): void {
  const mentions = text.split("/guardrails").length - 1;
  expect(parsed.commands.length).toBeLessThanOrEqual(mentions);
  const problems: string[] = [];
  for (const command of parsed.commands) {
    const head = command.line.split(/\s+/)[1]?.toLowerCase() ?? "";
    const name = (COMMAND_NAMES as readonly string[]).includes(head) ? head : "unknown";
    if (!/^\/guardrails(\s|$)/.test(command.line) || command.line !== command.line.trim())
      problems.push(`not a command line: ${JSON.stringify(command.line)}`);
    if (command.name !== name) problems.push(`${JSON.stringify(command.line)} named ${command.name}`);
    if (!command.args.every((arg) => /^\S+$/.test(arg))) problems.push(`${JSON.stringify(command.line)} has blank args`);
  }
  for (const ignored of parsed.ignored) {
    if (!WHY.includes(ignored.why) || !/\/guardrails\b/.test(ignored.line)) problems.push(`ignored ${JSON.stringify(ignored)}`);
  }
  expect(problems).toEqual([]);
}

/** The arbitrary with a command-looking piece inserted somewhere: without a mention the parser answers at once. */
function withMention(texts: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(
      texts,
      fc.nat(),
      fc.constantFrom(
        "/guardrails approve",
        "\n/guardrails halt all",
        "> /guardrails approve\n",
        "`/guardrails`",
        "\n\n/guardrails status\n",
      ),
    )
    .map(([text, at, mention]) => text.slice(0, at % (text.length + 1)) + mention + text.slice(at % (text.length + 1)));
}

/** The body's lines as the parser splits them (CommonMark line endings). */
const linesOf = (text: string) => text.replace(/\r\n?/g, "\n").split("\n");

describe("parseCommands: hostile bodies", () => {
  test("a small body never throws, answers within the bound and returns well-formed commands", () => {
    fc.assert(
      fc.property(withMention(body), (text) => {
        expectWellFormed(
          text,
          withinBound(() => parseCommands(text)),
        );
      }),
      { numRuns: 400 },
    );
  });

  test("a body of up to 100 KB never throws and answers within the bound", () => {
    fc.assert(
      fc.property(withMention(largeBody), (text) => {
        expectWellFormed(
          text,
          withinBound(() => parseCommands(text)),
        );
      }),
      // No shrinking: every step would re-run a slow input; the seed replays the failure.
      { numRuns: 40, endOnFailure: true },
    );
  });

  test.each([
    ["a blockquote nested 50,000 deep", ">".repeat(50_000) + " /guardrails approve"],
    ["a list nested 20,000 deep", "- ".repeat(20_000) + "/guardrails approve"],
    ["50,000 open brackets", "[".repeat(50_000) + "/guardrails approve"],
    ["20,000 unclosed links", "/guardrails " + "[a](".repeat(20_000)],
    ["20,000 open <details>", "<details>".repeat(20_000) + "\n\n/guardrails approve"],
    ["an unclosed attribute quote 50,000 long", "/guardrails <a " + "'".repeat(50_000)],
    ["20,000 emphasis openers", "/guardrails " + "_a **b ".repeat(20_000)],
    ["a table of 10,000 rows", "| /guardrails |\n|-|\n" + "| a |\n".repeat(10_000)],
    ["5,000 command lines", "/guardrails approve\n".repeat(5_000)],
    ["null bytes", "/guardrails\u0000 approve\u0000\n".repeat(5_000)],
    ["a 100 KB line", "/guardrails approve " + "x ".repeat(50_000)],
  ])("%s: within the bound, nothing thrown", (_name, text) => {
    expectWellFormed(
      text,
      withinBound(() => parseCommands(text)),
    );
  });

  test("nothing, or no mention, is no command", () => {
    for (const empty of [null, undefined, ""]) expect(parseCommands(empty)).toEqual({ commands: [], ignored: [] });
    fc.assert(
      fc.property(body, (text) => {
        fc.pre(!text.includes("/guardrails"));
        expect(parseCommands(text)).toEqual({ commands: [], ignored: [] });
      }),
      { numRuns: 100 },
    );
  });
});

describe("parseCommands: regressions found by fuzzing", () => {
  // The raw HTML count retried its tag pattern from every `<` to the end of an HTML block:
  // a 64 KB comment (GitHub's limit) of unclosed tags took about 7 s, on every delivery.
  test.each([
    ["unclosed tags", "<div>\n/guardrails approve\n" + "<a ".repeat(21_000)],
    ["unclosed quoted attributes", "<div>\n/guardrails approve\n" + '<a "'.repeat(16_000)],
    ["alternating quotes", "<div>\n/guardrails approve\n" + "<a \"<a \" '<a ' ".repeat(4_000)],
  ])("an HTML block of 64 KB of %s: within the bound", (_name, text) => {
    const parsed = withinBound(() => parseCommands(text));
    expect(parsed.commands).toEqual([]);
    expect(parsed.ignored).toContainEqual({ line: "/guardrails approve", why: "html" });
  });

  test("a start tag that never ends keeps what follows inside raw HTML (fails closed)", () => {
    expect(parseCommands('<details title="x\n\n/guardrails approve').commands).toEqual([]);
    // Ended tags are counted as before: after the element closes, a command counts again.
    expect(
      parseCommands('<details title="a>b">\n\n/guardrails halt all\n\n</details>\n\n/guardrails approve').commands.map((c) => c.name),
    ).toEqual(["approve"]);
  });
});

describe("parseCommands: wrapping any body leaves no command", () => {
  test("every line quoted with `> `", () => {
    fc.assert(
      fc.property(body, (text) => {
        const quoted = linesOf(text)
          .map((line) => `> ${line}`)
          .join("\n");
        expect(parseCommands(quoted).commands).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test("inside a fence longer than any backtick run of the body", () => {
    fc.assert(
      fc.property(body, (text) => {
        const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
        const fence = "`".repeat(Math.max(3, longest + 1));
        expect(parseCommands(`${fence}\n${text}\n${fence}`).commands).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test("inside an HTML comment", () => {
    fc.assert(
      fc.property(body, (text) => {
        let inner = text;
        while (inner.includes("-->")) inner = inner.replaceAll("-->", "");
        expect(parseCommands(`<!--\n${inner}\n-->`).commands).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test("indented four spaces (an indented code block)", () => {
    fc.assert(
      fc.property(body, (text) => {
        const indented = linesOf(text)
          .map((line) => `    ${line}`)
          .join("\n");
        expect(parseCommands(indented).commands).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseCommands: what follows a command cannot undo it", () => {
  test("a command paragraph stays the first command whatever comes after a blank line", () => {
    fc.assert(
      fc.property(body, (text) => {
        const parsed = parseCommands(`/guardrails approve\n\n${text}`);
        expect(parsed.commands[0]).toEqual({ name: "approve", args: [], line: "/guardrails approve" });
      }),
      { numRuns: 300 },
    );
  });
});
