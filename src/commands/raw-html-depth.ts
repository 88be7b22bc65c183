/**
 * How many raw HTML elements are still open after `html`, starting from `depth` open ones: every
 * start tag of a non-void element opens one, every end tag closes one (never below zero);
 * comments, void elements (`<br>`, `<img>`) and self-closed tags (`<x/>`) change nothing. Pure.
 *
 * A CommonMark HTML block of the `<details>` kind ends at the first blank line, so the Markdown
 * after it parses as ordinary paragraphs while GitHub renders them inside the element: a count
 * across the blocks is what tells "inside `<details>`" from "the comment itself". It is a count,
 * not an HTML parser: an unbalanced tag keeps later text inside raw HTML, which fails closed.
 *
 * One pass over the text: a tag ends at the first `>` outside quotes and the next tag is looked
 * for after it. A start tag that never ends (`<a "…` to the end) counts as open and ends the
 * count, as an HTML tokenizer reads the rest of the text into that tag. (A regular expression
 * that retried from every `<` took seconds on a 64 KB comment of unclosed `<a `.)
 */
export function rawHtmlDepth(html: string, depth = 0): number {
  let open = depth;
  const text = html.replace(/<!--[\s\S]*?(?:-->|$)/g, "");
  const starts = new RegExp(TAG_START.source, "g");
  for (let start = starts.exec(text); start !== null; start = starts.exec(text)) {
    const [, closing, name] = start;
    const isVoid = VOID.has(name!.toLowerCase());
    const end = tagEnd(text, starts.lastIndex);
    if (end === -1) {
      if (!closing && !isVoid) open += 1;
      break;
    }
    if (!isVoid && text[end - 1] !== "/") open = closing ? Math.max(0, open - 1) : open + 1;
    starts.lastIndex = end + 1;
  }
  return open;
}

/** `<name` or `</name` (the tag's attributes and its end are found by tagEnd). */
const TAG_START = /<(\/?)([A-Za-z][A-Za-z0-9-]*)\b/;

/** The index of the `>` that ends a tag whose attributes start at `from`, or -1: quoted values may hold `>`. */
function tagEnd(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ">") return i;
  }
  return -1;
}

/** HTML's void elements (https://html.spec.whatwg.org/#void-elements): they never open. */
const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
  "param",
  "keygen",
]);
