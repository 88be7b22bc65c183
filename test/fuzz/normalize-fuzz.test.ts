import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { MalformedPayloadError, normalize, type NormalizeContext } from "../../src/webhooks/normalize.js";
import type { AgentAction } from "../../src/policy/agent-action.js";
import { accounts, pushEvent } from "../fixtures/webhook-examples.js";
import { LARGE_INPUT, withinBound } from "./within-bound.js";
import { WATCHED_EVENTS } from "../../src/create-guardrails.js";

// Real webhook payloads (@octokit/webhooks-examples), mutated: fields removed, wrong types,
// nulls, huge strings. normalize may refuse a payload only with MalformedPayloadError (the
// pipeline logs and skips it); anything else would crash the delivery.

type Json = Record<string, unknown>;

const require = createRequire(import.meta.url);
const index = JSON.parse(readFileSync(require.resolve("@octokit/webhooks-examples/api.github.com/index.json"), "utf8")) as {
  name: string;
  examples: Json[];
}[];

/** The event families normalize reads: every one the app subscribes to. */
const FAMILIES = WATCHED_EVENTS;

/** Every example payload of those families (push alone has seven: with and without commits). */
const EVENTS = FAMILIES.flatMap((name) =>
  (index.find((family) => family.name === name)?.examples ?? []).map((payload, i) => ({
    name,
    label: `${name}${typeof payload.action === "string" ? `.${payload.action}` : ""} #${i}`,
    payload,
  })),
);

/**
 * An example as an App receives it, sent by `sender`: a webhook delivered to an installation
 * always names it (some examples were recorded for repository hooks, without one).
 */
function delivered(event: (typeof EVENTS)[number], sender: object): Json {
  const payload = structuredClone(event.payload);
  payload.installation ??= { id: 4242, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==" };
  payload.sender = { ...sender };
  return payload;
}

const ctx: NormalizeContext = { agents: ["copilot-swe-agent[bot]", "Copilot", "*-agent[bot]", 198982749], appLogin: accounts.app.login };

/** Who sends the event: an agent (normalize reads everything), a person, another bot, or this app. */
const SENDERS = [
  accounts.agent,
  accounts.copilot,
  { login: "amok-agent[bot]", id: 3003, type: "Bot" },
  accounts.maint,
  accounts.dependabot,
  accounts.app,
];

/** The fields normalize reads: a mutation lands on one of them half the time. */
const READ_PATHS: (string | number)[][] = [
  ["action"],
  ["sender"],
  ["sender", "login"],
  ["sender", "id"],
  ["sender", "type"],
  ["repository"],
  ["repository", "name"],
  ["repository", "owner"],
  ["repository", "owner", "login"],
  ["repository", "owner", "type"],
  ["repository", "default_branch"],
  ["installation"],
  ["installation", "id"],
  ["pull_request"],
  ["pull_request", "number"],
  ["pull_request", "head"],
  ["pull_request", "head", "sha"],
  ["pull_request", "head", "ref"],
  ["pull_request", "head", "repo"],
  ["pull_request", "base"],
  ["pull_request", "base", "ref"],
  ["pull_request", "user"],
  ["pull_request", "user", "login"],
  ["pull_request", "labels"],
  ["pull_request", "merged"],
  ["pull_request", "merged_by"],
  ["pull_request", "merge_commit_sha"],
  ["review"],
  ["review", "id"],
  ["review", "body"],
  ["review", "state"],
  ["review", "user"],
  ["review", "submitted_at"],
  ["comment"],
  ["comment", "id"],
  ["comment", "body"],
  ["comment", "user"],
  ["comment", "created_at"],
  ["comment", "line"],
  ["comment", "in_reply_to_id"],
  ["comment", "parent_id"],
  ["issue"],
  ["issue", "number"],
  ["issue", "user"],
  ["issue", "labels"],
  ["issue", "labels", 0],
  ["issue", "pull_request"],
  ["issue", "body"],
  ["discussion"],
  ["discussion", "number"],
  ["discussion", "user"],
  ["ref"],
  ["commits"],
  ["commits", 0],
  ["commits", 0, "author"],
  ["commits", 0, "author", "username"],
  ["commits", 0, "added"],
  ["commits", 0, "modified", 0],
  ["release"],
  ["release", "body"],
  ["release", "tag_name"],
  ["release", "id"],
  ["release", "name"],
  ["release", "author"],
  ["release", "draft"],
  ["changes"],
  ["changes", "title"],
  ["changes", "title", "from"],
  ["changes", "body", "from"],
  ["changes", "name"],
  ["changes", "new_repository"],
  ["label"],
  ["label", "name"],
  ["assignee"],
  ["requested_reviewer"],
  ["requested_team"],
  ["review", "user", "login"],
  ["discussion", "body"],
  ["discussion", "category"],
  ["ref_type"],
  ["workflow"],
  ["workflow_run"],
  ["workflow_run", "id"],
  ["workflow_run", "triggering_actor"],
  ["workflow_run", "actor"],
  ["workflow_run", "path"],
  ["workflow_run", "pull_requests"],
  ["check_run"],
  ["check_run", "name"],
  ["check_run", "app"],
  ["check_run", "head_sha"],
  ["check_run", "pull_requests"],
  ["check_run", "pull_requests", 0],
];

/** A value that does not belong: null, a wrong type, junk, or a huge string (a comment body full of commands). */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(0, -1, 1e308, "", "x", true, false, [], {}, [null], [[]], { login: null }, "/guardrails approve"),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom("x", "/guardrails approve\n", "> /guardrails halt all\n", "[[[[", "<details>", "```\n", "\u0000"),
        fc.integer({ min: 1_000, max: LARGE_INPUT }),
      )
      .map(([unit, size]) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size)),
  },
);

/**
 * One change to a payload: a field removed, or set to a value that does not belong. `where`
 * picks the field among those normalize reads, any field, or the entries of any list (a null
 * among a push's commits, a number among labels).
 */
type Mutation = { where: "read" | "any" | "entry"; at: number; remove: boolean; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  where: fc.constantFrom("read", "any", "entry"),
  at: fc.nat(),
  remove: fc.boolean(),
  value: wrongValue,
});

/** Every path to a field of `payload`, breadth first, up to a depth (arrays by index). */
function pathsOf(payload: unknown, maxDepth = 5): (string | number)[][] {
  const paths: (string | number)[][] = [];
  const queue: { value: unknown; path: (string | number)[] }[] = [{ value: payload, path: [] }];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const { value, path } = next;
    if (path.length >= maxDepth || typeof value !== "object" || value === null) continue;
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...path, Array.isArray(value) ? Number(key) : key];
      paths.push(childPath);
      queue.push({ value: child, path: childPath });
    }
  }
  return paths;
}

/** The object or array that holds the field at `path`, if the payload has one. */
function parentOf(payload: Json, path: readonly (string | number)[]): Json | unknown[] | undefined {
  let parent: unknown = payload;
  for (const key of path.slice(0, -1)) parent = typeof parent === "object" && parent !== null ? (parent as Json)[key] : undefined;
  return typeof parent === "object" && parent !== null ? (parent as Json) : undefined;
}

/** Applies one mutation in place; a path whose parent is missing or not an object is left alone. */
function mutate(payload: Json, { where, at, remove, value }: Mutation): void {
  const candidates =
    where === "read"
      ? READ_PATHS.filter((path) => parentOf(payload, path) !== undefined)
      : pathsOf(payload).filter((path) => where === "any" || Array.isArray(parentOf(payload, path)));
  const path = candidates[at % candidates.length];
  if (path === undefined) return;
  const parent = parentOf(payload, path);
  if (parent === undefined) return;
  const last = path.at(-1)!;
  if (remove && Array.isArray(parent) && typeof last === "number") parent.splice(last, 1);
  else if (remove) delete (parent as Json)[last];
  else (parent as Json)[last] = structuredClone(value);
}

/** normalize's answer, or the error it threw: only MalformedPayloadError may be thrown. */
function normalizeOrRefuse(name: string, payload: unknown): AgentAction | null | MalformedPayloadError {
  try {
    return withinBound(() => normalize(name, "fuzz-delivery", payload, ctx));
  } catch (error) {
    if (error instanceof MalformedPayloadError) return error;
    throw error;
  }
}

/** What the rest of the pipeline relies on in an action. */
function expectUsable(action: AgentAction): void {
  expect(
    typeof action.repo.owner === "string" && action.repo.owner !== "" && typeof action.repo.repo === "string" && action.repo.repo !== "",
  ).toBe(true);
  expect(Number.isFinite(action.installationId)).toBe(true);
  expect(typeof action.actor.login === "string" && action.actor.login !== "").toBe(true);
  expect(action.kind).toMatch(/^[a-z_]+(\.[a-z_]+)?$/);
  // The action is stored and audited as JSON.
  expect(() => JSON.stringify(action)).not.toThrow();
}

describe("normalize: real payloads", () => {
  test.each(EVENTS.map((event) => [event.label, event] as const))(
    "%s as GitHub sends it, from each kind of sender, is never malformed",
    (_label, event) => {
      for (const sender of SENDERS) {
        const result = normalizeOrRefuse(event.name, delivered(event, sender));
        if (result instanceof MalformedPayloadError) throw new Error(`${event.label} from ${sender.login}: ${result.message}`);
        if (result) expectUsable(result);
      }
    },
  );
});

describe("normalize: mutated payloads", () => {
  // A family first, then one of its examples: push has seven, pull_request dozens.
  const which = fc.constantFrom(...FAMILIES).chain((name) => fc.constantFrom(...EVENTS.filter((event) => event.name === name)));
  const event = fc.record({ which, sender: fc.constantFrom(...SENDERS), mutations: fc.array(mutation, { minLength: 1, maxLength: 6 }) });

  test("fields removed, nulled, retyped or made huge: an action, nothing, or MalformedPayloadError, within the bound", () => {
    fc.assert(
      fc.property(event, ({ which, sender, mutations }) => {
        const payload = delivered(which, sender);
        for (const change of mutations) mutate(payload, change);
        const result = normalizeOrRefuse(which.name, payload);
        if (result !== null && !(result instanceof MalformedPayloadError)) expectUsable(result);
      }),
      { numRuns: 1500 },
    );
  });

  test("any JSON value as the payload of any event: nothing thrown but MalformedPayloadError", () => {
    fc.assert(
      fc.property(fc.constantFrom(...FAMILIES, "ping", "installation", ""), fc.jsonValue({ maxDepth: 4 }), (name, payload) => {
        const result = normalizeOrRefuse(name, payload);
        if (result !== null && !(result instanceof MalformedPayloadError)) expectUsable(result);
      }),
      { numRuns: 300 },
    );
  });
});

describe("normalize: regressions found by fuzzing", () => {
  test.each([
    ["a person's push", accounts.dev],
    ["an agent's push", accounts.agent],
  ])("%s whose commits hold a null: the other commits still count, no TypeError", (_name, sender) => {
    const payload = pushEvent(sender, { before: "a".repeat(40), after: "b".repeat(40), paths: ["src/a.ts"] });
    payload.commits = [null, ...payload.commits, null];
    const result = normalizeOrRefuse("push", payload);
    expect(result).not.toBeInstanceOf(MalformedPayloadError);
    if (sender === accounts.agent) expect(result).toMatchObject({ kind: "push", target: { paths: ["src/a.ts"] } });
    else expect(result).toBeNull();
  });
});
