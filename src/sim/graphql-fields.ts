/** A top-level field of a GraphQL operation: `alias: name(...)` or `name(...)`. */
export interface GraphqlField {
  /** The key the response uses: the alias when there is one, else the name. */
  key: string;
  name: string;
}

/** What the stand-in needs to know about a GraphQL document. */
export interface GraphqlOperation {
  type: "query" | "mutation" | "subscription";
  /** Top-level fields of the first operation, in order. */
  fields: GraphqlField[];
}

/**
 * Reads the operation type and top-level fields of the first operation in a GraphQL document,
 * without a GraphQL library: fragments are skipped, strings, comments, arguments and nested
 * selections are stepped over. The simulate contract names a GraphQL request by its first field
 * (`convertPullRequestToDraft`), so that is all this has to get right; null when there is none.
 */
export function graphqlFields(document: string): GraphqlOperation | null {
  const text = stripCommentsAndStrings(document);
  let at = 0;
  while (at < text.length) {
    at = skipSpace(text, at);
    if (at >= text.length) return null;
    const keyword = readName(text, at);
    if (keyword === "fragment") {
      const open = text.indexOf("{", at);
      if (open < 0) return null;
      at = skipBalanced(text, open, "{", "}");
      continue;
    }
    let type: GraphqlOperation["type"] = "query";
    if (keyword === "query" || keyword === "mutation" || keyword === "subscription") type = keyword;
    // The selection set opens at the first "{" outside the variable definitions' parentheses
    // (a default value there may itself contain braces).
    while (at < text.length && text[at] !== "{") {
      at = text[at] === "(" ? skipBalanced(text, at, "(", ")") : at + 1;
    }
    if (at >= text.length) return null;
    return { type, fields: readSelection(text, at + 1) };
  }
  return null;
}

function readSelection(text: string, start: number): GraphqlField[] {
  const fields: GraphqlField[] = [];
  let at = start;
  while (at < text.length) {
    at = skipSpace(text, at);
    const char = text[at];
    if (char === undefined || char === "}") break;
    if (text.startsWith("...", at)) {
      // An inline fragment or fragment spread at the top: not a field of its own.
      at = skipSpace(text, at + 3);
      const spread = readName(text, at);
      at = skipSpace(text, at + spread.length);
      if (spread === "on") at = skipSpace(text, at + readName(text, at).length);
      at = skipDirectives(text, at);
      if (text[at] === "{") at = skipBalanced(text, at, "{", "}");
      continue;
    }
    const first = readName(text, at);
    if (first === "") {
      at++;
      continue;
    }
    at = skipSpace(text, at + first.length);
    let field: GraphqlField = { key: first, name: first };
    if (text[at] === ":") {
      at = skipSpace(text, at + 1);
      const name = readName(text, at);
      field = { key: first, name };
      at = skipSpace(text, at + name.length);
    }
    fields.push(field);
    if (text[at] === "(") at = skipSpace(text, skipBalanced(text, at, "(", ")"));
    at = skipDirectives(text, at);
    if (text[at] === "{") at = skipBalanced(text, at, "{", "}");
  }
  return fields;
}

/** Blanks out comments and string contents so braces inside them do not count. */
function stripCommentsAndStrings(document: string): string {
  return document
    .replace(/"""[\s\S]*?"""/g, (m) => " ".repeat(m.length))
    .replace(/"(?:[^"\\\n]|\\.)*"/g, (m) => " ".repeat(m.length))
    .replace(/#[^\n]*/g, (m) => " ".repeat(m.length));
}

function skipDirectives(text: string, at: number): number {
  while (text[at] === "@") {
    at = skipSpace(text, at + 1 + readName(text, at + 1).length);
    if (text[at] === "(") at = skipSpace(text, skipBalanced(text, at, "(", ")"));
  }
  return at;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && /[\s,]/.test(text[at] ?? "")) at++;
  return at;
}

function readName(text: string, at: number): string {
  return /^[_A-Za-z][_0-9A-Za-z]*/.exec(text.slice(at))?.[0] ?? "";
}

/** Index just past the bracket that closes the one at `open`. */
function skipBalanced(text: string, open: number, left: string, right: string): number {
  let depth = 0;
  for (let at = open; at < text.length; at++) {
    if (text[at] === left) depth++;
    else if (text[at] === right && --depth === 0) return at + 1;
  }
  return text.length;
}
