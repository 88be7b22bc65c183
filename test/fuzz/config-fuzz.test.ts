import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { stringify } from "yaml";
import { globProblem, matchesEveryLogin, valueErrors, valueWarnings } from "../../src/config/check-values.js";
import { knownCodingAgents, strictDefaults } from "../../src/config/defaults.js";
import { CONFIG_PATH, loadConfig, type LoadConfigDeps } from "../../src/config/load-config.js";
import { MAX_ISSUES_PER_FILE, parseConfigFile, type ParsedConfigFile } from "../../src/config/parse-config-file.js";
import { configFileSchema, configSchema } from "../../src/config/schema.js";
import { MAX_MAPPING_KEYS, MAX_YAML_DEPTH, MAX_YAML_SYNTAX_ERRORS } from "../../src/config/yaml-shape-problem.js";
import { LARGE_INPUT, withinBound, withinBoundAsync } from "./within-bound.js";

// Hostile config files: arbitrary YAML text and arbitrary JSON-ish objects. Parsing never
// throws and answers within the bound; an invalid file is issues plus the strict defaults,
// never something looser; a valid file is read back exactly.

const FILE = ".github/agent-guardrails.yml";

/**
 * The longest glob tried: picomatch compiles in linear time, but a 100 KB glob of nested
 * extglobs takes most of a second on its own; a real glob is a few dozen characters.
 */
const GLOB_INPUT = 20_000;

const KEYS = [
  "mode",
  "owner",
  "agents",
  "approvers",
  "policy",
  "scope",
  "limits",
  "breaker",
  "digest",
  "_extends",
  "locked",
  "paths",
  "protected",
  "login",
  "id",
  "pull_request",
  "merge",
  "push_default_branch",
  "comment",
  "external_comment",
  "issue",
  "burst",
  "actions",
  "seconds",
  "per_repo",
  "actions_per_hour",
  "trip_on",
  "contain",
  "lookback",
  "__proto__",
  "constructor",
  "prototype",
  "<<",
] as const;
const VALUES = [
  "enforce",
  "observe",
  "off",
  "allow",
  "deny",
  "draft",
  "hide",
  "hold",
  "flag",
  "close",
  "revert",
  "weekly",
  "daily",
  "1h",
  "0",
  "-1",
  "1e999",
  ".inf",
  ".nan",
  "0x10",
  "0o7",
  "true",
  "no",
  "null",
  "~",
  "'*'",
  '"*"',
  "**",
  "[bot]",
  "Copilot",
  "*-agent[bot]",
  "{a,b",
  "[bad",
] as const;
/** Pieces that mean something to YAML. */
const SYNTAX = [
  ": ",
  ":",
  "\n",
  "\n  ",
  "\n    ",
  "- ",
  "[",
  "]",
  "{",
  "}",
  ", ",
  "? ",
  "&a ",
  "*a",
  "!!str ",
  "!!binary ",
  "!tag ",
  "<<: ",
  "# ",
  "'",
  '"',
  "|\n",
  ">-\n",
  "---\n",
  "...\n",
  "%YAML 1.2\n",
  "\t",
  "\u0000",
  "\ufeff",
  "\r\n",
  "\\",
  "\u2028",
] as const;

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KEYS) },
  { weight: 3, arbitrary: fc.constantFrom(...VALUES) },
  { weight: 5, arbitrary: fc.constantFrom(...SYNTAX) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
);

/** Arbitrary YAML-ish text. */
const yamlText = fc.array(piece, { maxLength: 120 }).map((parts) => parts.join(""));

/** Up to LARGE_INPUT of text: one construct repeated (deep nesting, thousands of entries) or many small texts. */
const largeYamlText = fc.oneof(
  fc.tuple(fc.array(piece, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1_000, max: LARGE_INPUT })).map(([parts, size]) => {
    const unit = parts.join("") || "[";
    return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  }),
  fc.array(yamlText, { minLength: 20, maxLength: 300 }).map((texts) => texts.join("\n")),
);

/** A value no message may echo (messages quote key names only: the file may be an agent's text). */
const SECRET = "s3cr3t-v4lue";

/** A JSON-ish value that may be anything, including the secret. */
const junk = fc.oneof(
  fc.constantFrom(...VALUES),
  fc.constant(SECRET),
  fc.string().map((s) => `${s}${SECRET}`),
  fc.jsonValue({ maxDepth: 3 }),
);

/** An object shaped like a config file, with any value at any known or unknown key. */
const configLike: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ node: Record<string, unknown> }>((tie) => ({
  node: fc.dictionary(
    fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })),
    fc.oneof(
      { weight: 3, arbitrary: junk },
      { weight: 1, arbitrary: tie("node") },
      { weight: 1, arbitrary: fc.array(fc.oneof(junk, tie("node")), { maxLength: 4 }) },
    ),
    { maxKeys: 6, depthIdentifier: "config" },
  ),
})).node;

/** A valid config file, built from the schema's own values, so that it must read back as written. */
const validConfig = fc.record(
  {
    mode: fc.constantFrom("enforce", "observe"),
    owner: fc.stringMatching(/^[a-z][a-z0-9-]{0,15}(\/[a-z]{1,8})?$/),
    agents: fc.array(
      fc.oneof(
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,20}(\[bot\])?$/),
        fc.constantFrom("*-agent[bot]", "copilot-*", "dev?n[bot]"),
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.record({
          login: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}\[bot\]$/),
          policy: fc.record({ comment: fc.constantFrom("allow", "flag", "hide", "hold") }),
        }),
      ),
      { maxLength: 5 },
    ),
    approvers: fc.constantFrom("triage", "write", "maintain", "admin"),
    policy: fc.record(
      {
        pull_request: fc.constantFrom("allow", "draft", "close"),
        merge: fc.constantFrom("require_approval", "deny"),
        comment: fc.constantFrom("allow", "flag", "hide", "hold"),
        issue: fc.constantFrom("allow", "flag", "close"),
      },
      { requiredKeys: [] },
    ),
    scope: fc.record(
      { paths: fc.array(fc.constantFrom("**", "src/**", "docs/*.md", "{a,b}/**", "[abc].ts"), { maxLength: 3 }) },
      { requiredKeys: [] },
    ),
    limits: fc.record(
      { actions_per_hour: fc.integer({ min: 1, max: 10_000 }), burst: fc.record({ seconds: fc.integer({ min: 1, max: 3600 }) }) },
      { requiredKeys: [] },
    ),
    breaker: fc.record(
      {
        trip_on: fc.uniqueArray(fc.constantFrom("rate", "burst", "scope", "protected", "blast_radius", "merge", "push_default_branch")),
        lookback: fc.tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom("s", "m", "h", "d")).map(([n, unit]) => `${n}${unit}`),
      },
      { requiredKeys: [] },
    ),
    digest: fc.constantFrom("weekly", "daily", "off"),
    locked: fc.uniqueArray(fc.constantFrom("mode", "policy", "policy.merge", "limits", "agents")),
  },
  { requiredKeys: [] },
);

/** What every parse result must be, valid or not. */
function expectWellFormed(parsed: ParsedConfigFile): void {
  expect(parsed.value === undefined).toBe(parsed.issues.length > 0);
  expect(parsed.issues.length).toBeLessThanOrEqual(MAX_ISSUES_PER_FILE);
  const problems = parsed.issues.filter(
    (issue) =>
      issue.file !== FILE ||
      typeof issue.path !== "string" ||
      typeof issue.message !== "string" ||
      issue.message === "" ||
      (issue.line !== undefined && !(Number.isInteger(issue.line) && issue.line >= 1)),
  );
  expect(problems).toEqual([]);
  if (parsed.value !== undefined) {
    expect(configFileSchema.safeParse(parsed.value).success).toBe(true);
    expect(valueErrors(parsed.value)).toEqual([]);
  }
}

describe("parseConfigFile: hostile YAML", () => {
  test("arbitrary YAML text never throws, answers within the bound and is a value or issues", () => {
    fc.assert(
      fc.property(yamlText, (text) => {
        expectWellFormed(withinBound(() => parseConfigFile(FILE, text)));
      }),
      { numRuns: 250 },
    );
  });

  test("up to 100 KB of YAML text never throws and answers within the bound", () => {
    fc.assert(
      fc.property(largeYamlText, (text) => {
        expectWellFormed(withinBound(() => parseConfigFile(FILE, text)));
      }),
      // No shrinking: every step would re-run a slow input; the seed replays the failure.
      { numRuns: 12, endOnFailure: true },
    );
  });

  test("an arbitrary object as YAML or JSON is a value or issues, and no message echoes a value", () => {
    fc.assert(
      fc.property(configLike, fc.boolean(), (object, asJson) => {
        const parsed = withinBound(() => parseConfigFile(FILE, asJson ? JSON.stringify(object) : stringify(object)));
        expectWellFormed(parsed);
        expect(parsed.issues.filter((issue) => issue.message.includes(SECRET))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  test("a valid file reads back exactly as written, in block or flow style", () => {
    fc.assert(
      fc.property(validConfig, fc.boolean(), (config, flow) => {
        const parsed = parseConfigFile(FILE, flow ? JSON.stringify(config) : stringify(config));
        expect(parsed.issues).toEqual([]);
        expect(parsed.value).toEqual(config);
      }),
      { numRuns: 120 },
    );
  });
});

describe("parseConfigFile: regressions found by fuzzing", () => {
  // Each of these once crashed the process (a fatal "RegExpCompiler Allocation failed" from
  // the second parse on) or ran for seconds: now an issue, at once, however often.
  test.each([
    ["1,000 nested flow sequences", "[".repeat(1_000) + "]".repeat(1_000)],
    ["1,000 nested flow mappings", "{a: ".repeat(1_000) + "}".repeat(1_000)],
    ["1,000 compact block sequences", "- ".repeat(1_000) + "a"],
    ["1,000 block mappings, each indented one more", Array.from({ length: 1_000 }, (_, i) => " ".repeat(i) + "a:").join("\n") + " b"],
    ["20,000 nested flow sequences under a key", "agents: " + "[".repeat(20_000)],
  ])("%s: nested too deeply", (_name, text) => {
    for (let round = 0; round < 2; round++) {
      const parsed = withinBound(() => parseConfigFile(FILE, text));
      expect(parsed.value).toBeUndefined();
      expect(parsed.issues).toEqual([
        expect.objectContaining({ path: "", message: `invalid YAML: collections nested more than ${MAX_YAML_DEPTH} levels deep` }),
      ]);
    }
  });

  test.each([
    ["500 nested explicit keys", "? ".repeat(500) + "a"],
    ["a flow sequence as a key", "[mode]: observe\n"],
    ["a mapping as a key inside a flow mapping", "policy: { {merge: x}: deny }\n"],
    ["an alias as a key", "x: &k mode\n*k : observe\n"],
  ])("%s: keys are plain words", (_name, text) => {
    const parsed = withinBound(() => parseConfigFile(FILE, text));
    expect(parsed.value).toBeUndefined();
    expect(parsed.issues).toEqual([
      expect.objectContaining({ path: "", message: expect.stringMatching(/^invalid YAML: a key is a list, a mapping or an alias/) }),
    ]);
  });

  test("YAML errors are capped like schema issues: 60 duplicate keys are not 60 lines in a check run", () => {
    const { issues } = withinBound(() => parseConfigFile(FILE, "mode: enforce\n".repeat(61)));
    expect(issues).toHaveLength(MAX_ISSUES_PER_FILE);
    expect(issues[0]).toMatchObject({ line: 2, message: expect.stringMatching(/^invalid YAML: /) });
    expect(issues.at(-1)).toEqual({ file: FILE, path: "", message: expect.stringMatching(/^and \d+ more problems$/) });
  });

  test(`more than ${MAX_YAML_SYNTAX_ERRORS} syntax errors are refused before composing (100 KB of \`]\` took 20 s)`, () => {
    const parsed = withinBound(() => parseConfigFile(FILE, "mode: enforce\n" + "]".repeat(LARGE_INPUT)));
    expect(parsed.issues).toEqual([
      { file: FILE, path: "", message: `invalid YAML: more than ${MAX_YAML_SYNTAX_ERRORS} syntax errors`, line: 2 },
    ]);
  });

  test(`a mapping of more than ${MAX_MAPPING_KEYS} keys is refused before composing (100 KB of duplicate keys took 2 s)`, () => {
    const parsed = withinBound(() => parseConfigFile(FILE, "---\n" + "<<: ---\n".repeat(12_000)));
    expect(parsed.issues).toEqual([
      { file: FILE, path: "", message: `invalid YAML: a mapping has more than ${MAX_MAPPING_KEYS} keys`, line: 2 },
    ]);
    const flow = parseConfigFile(FILE, `policy: {${Array.from({ length: MAX_MAPPING_KEYS + 1 }, (_, i) => `k${i}: 1`).join(", ")}}\n`);
    expect(flow.issues[0]?.message).toBe(`invalid YAML: a mapping has more than ${MAX_MAPPING_KEYS} keys`);
    // A long list is no mapping: 5,000 agents are read (and judged by the schema).
    const agents = parseConfigFile(FILE, `agents:\n${Array.from({ length: 5_000 }, (_, i) => `  - agent-${i}[bot]\n`).join("")}`);
    expect(agents.issues).toEqual([]);
  });

  test(`nesting up to ${MAX_YAML_DEPTH} levels is read as YAML (and judged by the schema)`, () => {
    const nested = (levels: number) => `agents: ${"[".repeat(levels)}${"]".repeat(levels)}\n`;
    // The root mapping is the first level: the value of `agents` may nest MAX_YAML_DEPTH - 1 more.
    const deepest = parseConfigFile(FILE, nested(MAX_YAML_DEPTH - 1));
    expect(deepest.issues.map((issue) => issue.message)).not.toContainEqual(expect.stringMatching(/nested more than/));
    expect(deepest.issues.some((issue) => issue.path.startsWith("agents"))).toBe(true);
    expect(parseConfigFile(FILE, nested(MAX_YAML_DEPTH)).issues[0]?.message).toMatch(/nested more than/);
  });
});

describe("check-values: arbitrary JSON-ish values", () => {
  test("valueErrors and valueWarnings never throw and name paths of the value", () => {
    fc.assert(
      fc.property(fc.oneof(configLike, fc.jsonValue()), (raw) => {
        for (const found of [withinBound(() => valueErrors(raw)), withinBound(() => valueWarnings(raw))]) {
          const bad = found.filter(
            ({ path, message }) =>
              path.length === 0 ||
              !path.every((key) => typeof key === "string" || typeof key === "number") ||
              typeof message !== "string" ||
              message.includes(SECRET),
          );
          expect(bad).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });

  test("globProblem never throws on any glob, up to 20 KB, and answers within the bound", () => {
    const glob = fc.oneof(
      fc.string({ unit: "binary", maxLength: 40 }),
      fc
        .array(fc.constantFrom("*", "**", "?", "[", "]", "{", "}", ",", "(", ")", "!", "+", "@", "|", "\\", "/", "a", "."), {
          maxLength: 80,
        })
        .map((parts) => parts.join("")),
      fc
        .tuple(fc.constantFrom("{", "(", "[", "+(", "*(", "@(a|", "{a,", "\\"), fc.integer({ min: 1, max: GLOB_INPUT }))
        .map(([unit, size]) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size)),
    );
    fc.assert(
      fc.property(glob, (text) => {
        const problem = withinBound(() => globProblem(text));
        expect(problem === undefined || typeof problem === "string").toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe("loadConfig: an invalid file is issues plus strict defaults, never looser", () => {
  /** A repository with only its own config file: no org file, nothing cached. */
  function depsFor(text: string): LoadConfigDeps {
    const cache = new Map<string, { text: string | null; fetchedAt: string }>();
    return {
      now: new Date("2030-01-01T12:00:00Z"),
      github: {
        getDefaultBranchFile: async (repo, path) => (repo.repo === "widgets" && path === CONFIG_PATH ? text : null),
        getFileAtCommit: async () => null,
      },
      cache: {
        getCachedFile: async (key) => cache.get(key) ?? null,
        putCachedFile: async (key, value, fetchedAt) => {
          cache.set(key, { text: value, fetchedAt });
        },
      },
    };
  }

  const anyFile = fc.oneof(
    yamlText,
    configLike.map((object) => stringify(object)),
    validConfig.map((config) => stringify(config)),
  );

  test("whatever the file, the config is complete; when it is invalid, it is the strict defaults with more agents", async () => {
    await fc.assert(
      fc.asyncProperty(anyFile, async (text) => {
        const loaded = await withinBoundAsync(() => loadConfig(depsFor(text), { owner: "acme", repo: "widgets" }));
        expect(configSchema.safeParse(loaded.config).success).toBe(true);
        if (parseConfigFile(FILE, text).issues.length === 0) {
          expect(loaded.issues).toEqual([]);
          expect(loaded.fallback).toBeUndefined();
          return;
        }
        expect(loaded.issues.length).toBeGreaterThan(0);
        expect(loaded.fallback).toBe("strict-defaults");
        const { agents, ...settings } = loaded.config;
        const { agents: _defaultAgents, ...strictSettings } = strictDefaults;
        expect(settings).toEqual(strictSettings);
        // Agents the file names still count, but only by name, and never a pattern matching everyone.
        expect(agents).toEqual(expect.arrayContaining([...knownCodingAgents, ...strictDefaults.agents]));
        const loose = agents.filter((entry) =>
          typeof entry === "object"
            ? Object.keys(entry).some((key) => key !== "login" && key !== "id") ||
              (entry.login !== undefined && matchesEveryLogin(entry.login))
            : typeof entry === "string" && matchesEveryLogin(entry),
        );
        expect(loose).toEqual([]);
      }),
      { numRuns: 120 },
    );
  });
});
