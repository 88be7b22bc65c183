import { LineCounter, Parser, type CST } from "yaml";

/**
 * How deeply a config file may nest collections. A real file nests four levels
 * (`agents` → entry → `policy` → key); the bound is far above that and far below what breaks
 * the YAML library.
 */
export const MAX_YAML_DEPTH = 32;

/**
 * The most keys one mapping may have. The largest mapping of the schema has a dozen; the YAML
 * library checks each key against every earlier one (uniqueKeys), so 100 KB of keys took
 * seconds.
 */
export const MAX_MAPPING_KEYS = 256;

/**
 * How many syntax errors the YAML parser finds before the text is refused unread: the composer
 * makes an Error object for each (100 KB of `]` is 100,000 errors and took seconds), and a
 * maintainer needs the first few, not thousands.
 */
export const MAX_YAML_SYNTAX_ERRORS = 50;

/** Why a YAML text must not be composed, with the 1-based line of the offending node. */
export interface YamlShapeProblem {
  message: string;
  line: number;
}

/**
 * Checks a YAML text's shape before it is composed into a document, on the library's CST parser,
 * which works with an explicit stack and so survives any input. Refused: more than
 * MAX_YAML_SYNTAX_ERRORS syntax errors, a mapping of more than MAX_MAPPING_KEYS keys, and two
 * shapes:
 *
 * - nesting deeper than MAX_YAML_DEPTH: the composer recurses once per level, and about a
 *   thousand levels (2 KB of `[` or `- `) exhaust the call stack. yaml 2.8.3 turns that into a
 *   parse error (GHSA-48c2-rrv3-qjmp), but on Node 20 a regular expression compiled that close to
 *   the stack limit aborts the whole process ("RegExpCompiler Allocation failed"): one config
 *   file would stop the app for every repository, on every restart;
 * - a key that is a list, a mapping or an alias: converting such a key to a JavaScript key
 *   stringifies it, which costs more than exponential time in nesting (`? ? ? … a`, 600 bytes,
 *   ran for seconds). No key of the schema is anything but a word.
 *
 * Undefined when the text may be composed. Pure.
 */
export function yamlShapeProblem(text: string): YamlShapeProblem | undefined {
  const lineCounter = new LineCounter();
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  const pending: { token: CST.Token; depth: number }[] = [];
  let errors = 0;
  for (const token of new Parser(lineCounter.addNewLine).parse(text)) {
    if (token.type === "error" && ++errors > MAX_YAML_SYNTAX_ERRORS) {
      return { message: `more than ${MAX_YAML_SYNTAX_ERRORS} syntax errors`, line: lineOf(token.offset) };
    }
    pending.push({ token, depth: 0 });
  }
  let problem: YamlShapeProblem | undefined;
  while (pending.length > 0 && problem === undefined) {
    const { token, depth } = pending.pop()!;
    if (token.type === "document") {
      if (token.value !== undefined) pending.push({ token: token.value, depth });
      continue;
    }
    if (token.type !== "block-map" && token.type !== "block-seq" && token.type !== "flow-collection") continue;
    if (depth >= MAX_YAML_DEPTH) {
      problem = { message: `collections nested more than ${MAX_YAML_DEPTH} levels deep`, line: lineOf(token.offset) };
      break;
    }
    const isMapping = token.type === "block-map" || (token.type === "flow-collection" && token.start.type === "flow-map-start");
    if (isMapping && token.items.length > MAX_MAPPING_KEYS) {
      problem = { message: `a mapping has more than ${MAX_MAPPING_KEYS} keys`, line: lineOf(token.offset) };
      break;
    }
    for (const item of token.items) {
      const key = item.key;
      if (key != null && key.type !== "scalar" && key.type !== "single-quoted-scalar" && key.type !== "double-quoted-scalar") {
        problem = { message: "a key is a list, a mapping or an alias; keys are plain words", line: lineOf(key.offset) };
        break;
      }
      if (item.value !== undefined) pending.push({ token: item.value, depth: depth + 1 });
    }
  }
  return problem;
}
