/**
 * How many raw HTML elements are still open after `html`, starting from `depth` open ones: every
 * start tag of a non-void element opens one, every end tag closes one (never below zero);
 * comments, void elements (`<br>`, `<img>`) and self-closed tags (`<x/>`) change nothing. Pure.
 *
 * A CommonMark HTML block of the `<details>` kind ends at the first blank line, so the Markdown
 * after it parses as ordinary paragraphs while GitHub renders them inside the element: a count
 * across the blocks is what tells "inside `<details>`" from "the comment itself". It is a count,
 * not an HTML parser: an unbalanced tag keeps later text inside raw HTML, which fails closed.
 */
export function rawHtmlDepth(html: string, depth = 0): number {
  let open = depth;
  for (const match of html.replace(/<!--[\s\S]*?(?:-->|$)/g, "").matchAll(TAG)) {
    const [, closing, name, selfClosed] = match;
    if (VOID.has(name!.toLowerCase()) || selfClosed) continue;
    open = closing ? Math.max(0, open - 1) : open + 1;
  }
  return open;
}

const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)\b(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g;

/** HTML's void elements (https://html.spec.whatwg.org/#void-elements): they never open. */
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen"]);
