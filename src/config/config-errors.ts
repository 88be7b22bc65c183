import { z, type ZodError } from "zod";
import { configSchema } from "./schema.js";

/**
 * One problem with one config file, in the words a maintainer needs to fix it. Values from the
 * file are never echoed (the file may be an agent's text); only key names, quoted and truncated,
 * and only where the key itself is the problem. Renderers must still escape them.
 */
export interface ConfigIssue {
  /** The file as the reader knows it: a local path, or `owner/repo:.github/agent-guardrails.yml`. */
  file: string;
  /** Dotted key path (`policy.merge`, `agents.2.login`); "" for the file as a whole. */
  path: string;
  message: string;
  /** 1-based line in the file, when known (check run annotations, editors). */
  line?: number;
}

/** Finds the line of a key path in the source, when the caller has the source. */
export type LocateKey = (path: readonly (string | number)[]) => number | undefined;

type Issue = ZodError["issues"][number];

/**
 * Turns a zod validation error into one issue per problem. An unknown key is reported at the
 * key itself (`policy.extra`) with the closest valid key or the valid ones; a union failure (an
 * `agents` entry) is reported from the one alternative that matched the entry's shape instead of
 * zod's bare "Invalid input".
 */
export function formatConfigIssues(file: string, error: ZodError, locate?: LocateKey, raw?: unknown): ConfigIssue[] {
  const seen = new Set<string>();
  const result: ConfigIssue[] = [];
  for (const { path, message } of error.issues.flatMap((issue) => explain(issue, [], raw))) {
    const dotted = path.join(".");
    if (seen.has(`${dotted}\n${message}`)) continue;
    seen.add(`${dotted}\n${message}`);
    const line = locate?.(path);
    result.push(line === undefined ? { file, path: dotted, message } : { file, path: dotted, message, line });
  }
  return result;
}

interface Explained {
  path: (string | number)[];
  message: string;
}

function explain(issue: Issue, prefix: (string | number)[], raw: unknown): Explained[] {
  const path = [...prefix, ...issue.path.map((k) => (typeof k === "number" ? k : String(k)))];
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({ path: [...path, key], message: unknownKeyMessage(key, knownKeysAt(path)) }));
    case "invalid_union": {
      const shaped = issue.errors.filter((option) => !option.every((i) => i.code === "invalid_type" && i.path.length === 0));
      if (shaped.length > 0) return shaped.flatMap((option) => option.flatMap((i) => explain(i, path, raw)));
      const expected = [...new Set(issue.errors.flat().map((i) => (i.code === "invalid_type" ? typeName(i.expected) : "")))].filter(
        Boolean,
      );
      return [{ path, message: expected.length > 0 ? `expected ${joinOr(expected)}` : issue.message }];
    }
    case "invalid_value": {
      const allowed = issue.values.map(String);
      const close = closest(valueAt(raw, path), allowed);
      // The suggestion first: a long list (lock paths) is truncated by renderers.
      return [{ path, message: `${close === undefined ? "" : `did you mean "${close}"? `}expected one of: ${allowed.join(", ")}` }];
    }
    case "invalid_type":
      return [{ path, message: issue.message.replace(/^Invalid input: /, "") }];
    default:
      return [{ path, message: issue.message }];
  }
}

function typeName(expected: string): string {
  return expected === "int" ? "an integer" : expected === "object" ? "a mapping" : `a ${expected}`;
}

function joinOr(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

function unknownKeyMessage(key: string, known: string[]): string {
  const quoted = JSON.stringify(key.length > 40 ? key.slice(0, 40) + "…" : key);
  const close = known.filter((k) => editDistance(k, key.toLowerCase()) <= Math.max(1, Math.floor(k.length / 4)));
  if (close.length > 0) return `unknown key ${quoted}; did you mean ${close.map((k) => `"${k}"`).join(" or ")}?`;
  return known.length > 0 ? `unknown key ${quoted}; expected one of: ${known.join(", ")}` : `unknown key ${quoted}`;
}

/** The keys the schema allows in the mapping at `path` (the full schema: a file may set any of them). */
function knownKeysAt(path: readonly (string | number)[]): string[] {
  let node: z.ZodType | undefined = configSchema;
  for (const key of path) {
    node = objectOf(node);
    if (node === undefined) return [];
    if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else if (node instanceof z.ZodObject && typeof key === "string") node = node.shape[key] as z.ZodType | undefined;
    else return [];
  }
  const object = objectOf(node);
  return object instanceof z.ZodObject ? Object.keys(object.shape) : [];
}

/** Sees through `optional()` and picks the mapping alternative of a union. */
function objectOf(node: z.ZodType | undefined): z.ZodType | undefined {
  let current = node;
  while (current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
  if (current instanceof z.ZodUnion)
    return (current.options as z.ZodType[]).find((o) => o instanceof z.ZodObject || o instanceof z.ZodArray);
  return current;
}

/** The value at a key path of the file as data, if any. */
function valueAt(raw: unknown, path: readonly (string | number)[]): unknown {
  let node = raw;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/**
 * The allowed value a misspelt one was probably meant to be (an enum value, a lock path):
 * named only when it is clearly closest. Only an allowed value is printed, never the file's.
 */
function closest(value: unknown, allowed: readonly string[]): string | undefined {
  if (typeof value !== "string" || value.length > 100) return undefined;
  const lower = value.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const distance = editDistance(candidate, lower);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

/**
 * Levenshtein distance, hand-written rather than a dependency: a dozen lines, the inputs are
 * short (keys, enum values, lock paths) and the app's dependency list stays small.
 * A misspelt key ("polcy") is one or two edits from the right one.
 */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** One issue as maintainers read it: `file: key.path: reason`. */
export function formatIssue(issue: ConfigIssue): string {
  return `${issue.file}: ${issue.path || "(file)"}: ${issue.message}`;
}
