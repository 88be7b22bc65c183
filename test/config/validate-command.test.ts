import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateCommand } from "../../src/cli/validate-command.js";

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

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await validateCommand(argv, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join("\n"), err: err.join("\n") };
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
      `${file}: policy.extra: unknown key "extra"; expected one of: pull_request, merge, push_default_branch, comment, external_comment, issue (line 4)`,
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
    const { code, err } = await run(["--strict"]);
    expect(code).toBe(2);
    expect(err).toMatch(/unknown option --strict/);
  });
});
