import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "guardrails-validate-"));
  await writeFile(join(dir, "good.yml"), "owner: alice\npolicy:\n  merge: deny\nlocked: [mode]\n");
  await writeFile(join(dir, "bad.yml"), "owner: alice\npolicy:\n  merge: yolo\n  extra: 1\n");
  await mkdir(join(dir, ".github"));
  await writeFile(join(dir, ".github", "agent-guardrails.yml"), "digest: off\n");
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[], env: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const code = await main(
    ["validate", ...argv],
    { write: (text: string) => (out += text) },
    { write: (text: string) => (err += text) },
    { env },
  );
  return { code, out: out.trimEnd(), err: err.trimEnd() };
}

describe("agent-guardrails validate", () => {
  test("a valid file: exit 0, 'valid' and a summary", async () => {
    const { code, out, err } = await run([join(dir, "good.yml")]);
    expect(code).toBe(0);
    expect(err).toBe("");
    expect(out).toContain("good.yml: valid");
    expect(out).toMatch(/sets: owner, policy\.merge/);
    expect(out).toMatch(/merge=deny/);
    expect(out).toMatch(/locks .*: mode/);
  });

  test("an invalid file: exit 1, one `file: key.path: reason` line per issue", async () => {
    const file = join(dir, "bad.yml");
    const { code, out, err } = await run([file]);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err.split("\n")).toEqual([
      `${file}: policy.merge: expected one of: require_approval, deny (line 3)`,
      `${file}: policy.extra: unknown key "extra"; expected one of: pull_request, merge, push_default_branch, comment, external_comment, issue, release (line 4)`,
    ]);
  });

  test("a missing file: exit 2 with a clear message", async () => {
    const { code, err } = await run([join(dir, "nope.yml")]);
    expect(code).toBe(2);
    expect(err).toMatch(/nope\.yml: no such file/);
  });

  test("several files: the worst status wins", async () => {
    const { code, out } = await run([join(dir, "good.yml"), join(dir, "bad.yml")]);
    expect(code).toBe(1);
    expect(out).toContain("good.yml: valid");
  });

  test("no argument: .github/agent-guardrails.yml in the current directory", async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { code, out } = await run([]);
      expect(code).toBe(0);
      expect(out).toContain(".github/agent-guardrails.yml: valid");
    } finally {
      process.chdir(cwd);
    }
  });

  test("an unknown option is a usage error", async () => {
    const { code, err } = await run(["--bogus"]);
    expect(code).toBe(2);
    expect(err).toMatch(/^agent-guardrails validate: unknown option "--bogus"\n\nusage: agent-guardrails validate/);
  });
});

describe("bypass: validate accepted dangerous values", () => {
  async function check(text: string, argv: string[] = [], env: Record<string, string> = {}) {
    const file = join(dir, `case-${Math.random().toString(36).slice(2)}.yml`);
    await writeFile(file, text);
    return { file, ...(await run([...argv, file], env)) };
  }

  test.each([
    ['agents: ["*"]', 'agents:\n  - "*"\n', "agents.0", /matches every account/],
    ['agents: ["**"]', 'agents:\n  - "**"\n', "agents.0", /matches every account/],
    ["an agent mapping whose login matches everyone", 'agents:\n  - login: "?*"\n', "agents.0.login", /matches every account/],
    ["an agents pattern no login can match", 'agents:\n  - "[bad"\n', "agents.0", /can never match a GitHub login/],
    ["an unclosed bracket in scope.paths", 'scope:\n  paths: ["src/[bad"]\n', "scope.paths.0", /not a valid glob: Missing closing: "\]"/],
    [
      "an unclosed brace in scope.protected",
      'scope:\n  protected: ["{a,b"]\n',
      "scope.protected.0",
      /not a valid glob: Missing closing: "\}"/,
    ],
  ])("error: %s", async (_name, text, path, message) => {
    const { file, code, err, out } = await check(text);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: ${path.replace(/\./g, "\\.")}: `));
    expect(err).toMatch(message);
  });

  test("a balanced glob with brackets and braces is fine", async () => {
    const { code, err } = await check('scope:\n  paths: ["src/{a,b}/[ab]*.ts", "docs/**"]\nagents:\n  - "*-agent[bot]"\n');
    expect(err).toBe("");
    expect(code).toBe(0);
  });

  test("_extends to another owner is an error when the repository is known (--repo or $GITHUB_REPOSITORY)", async () => {
    const text = "_extends: evil/shared\n";
    const flagged = await check(text, ["--repo", "acme/widgets"]);
    expect(flagged.code).toBe(1);
    expect(flagged.err).toMatch(/_extends: names a repository of another owner; only acme's repositories can be extended/);
    const fromEnv = await check(text, [], { GITHUB_REPOSITORY: "acme/widgets" });
    expect(fromEnv.code).toBe(1);
    const sameOwner = await check("_extends: acme/shared\n", ["--repo=acme/widgets"]);
    expect(sameOwner.code).toBe(0);
  });

  test("_extends naming an owner, repository unknown: a warning, an error with --strict", async () => {
    const loose = await check("_extends: evil/shared\n");
    expect(loose.code).toBe(0);
    expect(loose.err).toMatch(/_extends: warning: names an owner.*--repo OWNER\/REPO/);
    expect((await check("_extends: evil/shared\n", ["--strict"])).code).toBe(1);
  });

  test("empty owner: a warning (exit 0), exit 1 with --strict", async () => {
    const loose = await check('owner: ""\n');
    expect(loose.code).toBe(0);
    expect(loose.out).toMatch(/valid \(1 warning\)/);
    expect(loose.err).toMatch(/: owner: warning: empty: nobody receives incident issues/);
    expect((await check('owner: ""\n', ["--strict"])).code).toBe(1);
  });

  test("a pattern matching every app account is a warning", async () => {
    const { code, err } = await check('agents:\n  - "*[bot]"\n', ["--strict"]);
    expect(code).toBe(1);
    expect(err).toMatch(/agents\.0: warning: .*dependabot\[bot\]/);
  });

  test.each([
    ["an enum value", "policy:\n  merge: deni\n", /policy\.merge: did you mean "deny"\? expected one of: require_approval, deny/],
    ["a mode", "mode: enforced\n", /mode: did you mean "enforce"\? expected one of: enforce, observe/],
    ["a lock path", "locked: [polcy.merge]\n", /locked\.0: did you mean "policy\.merge"\? expected one of: mode, /],
  ])("did you mean: %s", async (_name, text, message) => {
    const { code, err } = await check(text);
    expect(code).toBe(1);
    expect(err).toMatch(message);
  });

  test("no suggestion when nothing is close", async () => {
    const { err } = await check("mode: banana\n");
    expect(err).not.toMatch(/did you mean/);
  });

  test("a file over the size cap is an error, not read", async () => {
    const { code, err } = await check("agents:\n" + "  - some-agent-login-padding-xx[bot]\n".repeat(20_000));
    expect(code).toBe(1);
    expect(err).toMatch(/over the limit of 512 KB/);
  });
});
