import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { formatConfigIssues, type ConfigIssue } from "./config-errors.js";
import { valueErrors } from "./check-values.js";
import { isPlainObject } from "./deep-merge.js";
import { configFileSchema, type GuardrailsConfigFile } from "./schema.js";
import { yamlShapeProblem } from "./yaml-shape-problem.js";

/** A config file read: the validated value, or the issues that make it unusable. */
export interface ParsedConfigFile {
  /** Present exactly when `issues` is empty. */
  value?: GuardrailsConfigFile;
  issues: ConfigIssue[];
  /** The YAML as data, when the YAML itself was readable (valid or not: lets a loader salvage `agents`). */
  raw?: unknown;
}

/**
 * The largest config file read, in bytes (UTF-8). Real files are a few kilobytes; the cap keeps a
 * file written to stall the app (a list of hundreds of thousands of agents, deep YAML) from
 * costing every delivery seconds and megabytes. A larger file is an invalid config like any
 * other: the last valid config or the strict defaults apply. docs/configuration.md says the same.
 */
export const MAX_CONFIG_BYTES = 512 * 1024;

/**
 * Parses and validates one `.github/agent-guardrails.yml` text. Never throws: bad YAML, YAML
 * shaped to break the YAML library (yamlShapeProblem), a document that is not a mapping and
 * schema violations all become issues. An empty file (or only comments) is `{}`: it sets nothing. Duplicate keys are an error rather than
 * "last one wins", and YAML merge keys (`<<`) are off: what a reviewer reads is what applies.
 */
export function parseConfigFile(file: string, text: string): ParsedConfigFile {
  // text.length is a lower bound of the byte length: no need to encode a huge string to know.
  const bytes = text.length > MAX_CONFIG_BYTES ? text.length : Buffer.byteLength(text, "utf8");
  if (bytes > MAX_CONFIG_BYTES) {
    const kb = (n: number) => `${Math.ceil(n / 1024)} KB`;
    return {
      issues: [{ file, path: "", message: `the file is ${kb(bytes)}, over the limit of ${kb(MAX_CONFIG_BYTES)}: it was not read` }],
    };
  }
  const shape = yamlShapeProblem(text);
  if (shape !== undefined) return { issues: [{ file, path: "", message: `invalid YAML: ${shape.message}`, line: shape.line }] };
  const lineCounter = new LineCounter();
  // prettyErrors off: its code frame of each error (discarded below) costs a pass over the line.
  const doc = parseDocument(text, {
    lineCounter,
    schema: "core",
    merge: false,
    uniqueKeys: true,
    resolveKnownTags: false,
    prettyErrors: false,
  });
  const yamlProblems = [...doc.errors, ...doc.warnings];
  if (yamlProblems.length > 0) {
    return {
      issues: capped(
        file,
        yamlProblems.map((problem) => {
          // The first line only: a message may go on to quote the file's text.
          const message = `invalid YAML: ${problem.message.split("\n")[0] ?? ""}`;
          return { file, path: "", message, line: lineCounter.linePos(problem.pos[0]).line };
        }),
      ),
    };
  }

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch {
    // Unresolved or excessive aliases surface only here (the error text would echo the file).
    return { issues: [{ file, path: "", message: "invalid YAML: an alias (*name) names no anchor, or aliases expand too far" }] };
  }
  if (!isPlainObject(raw)) {
    const found = Array.isArray(raw) ? "a list" : `a ${typeof raw}`;
    return {
      issues: [{ file, path: "", message: `the file must be a mapping of keys (mode: …, policy: …), found ${found}`, line: 1 }],
      raw,
    };
  }

  const locate = (path: readonly (string | number)[]) => lineOf(doc, lineCounter, path);
  const result = configFileSchema.safeParse(raw);
  // Values the types accept but that cannot be meant (an impossible glob, an agent pattern that
  // matches everyone): errors for the app too, so checked here and not only by `validate`.
  const checked = valueErrors(raw).map(({ path, message }): ConfigIssue => {
    const line = locate(path);
    return line === undefined ? { file, path: path.join("."), message } : { file, path: path.join("."), message, line };
  });
  if (result.success && checked.length === 0) return { value: result.data, issues: [], raw };
  const schemaIssues = result.success ? [] : formatConfigIssues(file, result.error, locate, raw);
  const seen = new Set(schemaIssues.map((issue) => issue.path));
  return { issues: capped(file, [...schemaIssues, ...checked.filter((issue) => !seen.has(issue.path))]), raw };
}

/**
 * The most issues reported for one file: a file of 50,000 bad entries (or 100 KB of `]`, each
 * a YAML error) must not become 50,000 lines in a check run.
 */
export const MAX_ISSUES_PER_FILE = 50;

function capped(file: string, issues: ConfigIssue[]): ConfigIssue[] {
  if (issues.length <= MAX_ISSUES_PER_FILE) return issues;
  const more = issues.length - (MAX_ISSUES_PER_FILE - 1);
  return [...issues.slice(0, MAX_ISSUES_PER_FILE - 1), { file, path: "", message: `and ${more} more problems` }];
}

/** The line of the deepest node of `path` that exists in the document (the key's own line for a mapping entry). */
function lineOf(doc: Document, lineCounter: LineCounter, path: readonly (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let line = lineAt(node, lineCounter);
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (pair === undefined) break;
      line = lineAt(pair.key, lineCounter) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number") {
      node = node.items[key];
      if (node === undefined) break;
      line = lineAt(node, lineCounter) ?? line;
    } else break;
  }
  return line;
}

function lineAt(node: unknown, lineCounter: LineCounter): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range === undefined ? undefined : lineCounter.linePos(range[0]).line;
}
