import { describe, expect, test } from "@jest/globals";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { COMMANDS } from "../../src/cli/commands.js";
import { main, USAGE } from "../../src/cli/main.js";

function buffer() {
  let text = "";
  return { write: (chunk: string) => (text += chunk), text: () => text };
}

async function run(argv: string[], env: Record<string, string> = {}) {
  const out = buffer();
  const err = buffer();
  const code = await main(argv, out, err, { env: { LOG_LEVEL: "silent", ...env } });
  return { code, out: out.text(), err: err.text() };
}

const root = fileURLToPath(new URL("../../", import.meta.url));
const scenario = join(root, "examples/scenarios/agent-comment-approved.jsonl");

describe("the agent-guardrails command table", () => {
  test("--help lists every command of the table with its summary", async () => {
    for (const argv of [["--help"], ["-h"], ["help"]]) {
      const { code, out, err } = await run(argv);
      expect({ code, err }).toEqual({ code: 0, err: "" });
      expect(out).toBe(USAGE);
    }
    expect(COMMANDS.map((c) => c.name)).toEqual(expect.arrayContaining(["validate", "simulate", "audit", "demo", "schema", "start"]));
    for (const command of COMMANDS)
      expect(USAGE).toMatch(new RegExp(`^  ${command.name} +${command.summary.replace(/[()|.*]/g, "\\$&")}$`, "m"));
    expect(USAGE).toContain("Exit status: 0 done (clean), 1 failed (or findings), 2 bad usage.");
  });

  test.each(COMMANDS.map((c) => [c.name]))("%s --help and -h print its usage and exit 0 without running it", async (name) => {
    const command = COMMANDS.find((c) => c.name === name)!;
    for (const flag of ["--help", "-h"]) {
      // Even with the arguments a run would need: help wins, nothing runs (no server, no schema, no demo).
      const { code, out, err } = await run([name, flag, ...(name === "simulate" ? ["/nonexistent.jsonl"] : [])]);
      expect({ code, err }).toEqual({ code: 0, err: "" });
      expect(out).toBe(command.usage);
      expect(out.startsWith(`usage: agent-guardrails ${name}`)).toBe(true);
      expect(out.endsWith("\n")).toBe(true);
    }
    expect((await run(["help", name])).out).toBe(command.usage);
  });

  test("schema --help prints no schema; schema prints it", async () => {
    const help = (await run(["schema", "--help"])).out;
    expect(help).not.toContain('"$schema":');
    expect(() => JSON.parse(help) as unknown).toThrow();
    const schema = await run(["schema"]);
    expect(schema.code).toBe(0);
    expect(JSON.parse(schema.out)).toEqual(JSON.parse(readFileSync(join(root, "schema/agent-guardrails.schema.json"), "utf8")));
  });

  test("--version and -v print the version of package.json", async () => {
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-v"]) expect(await run([flag])).toEqual({ code: 0, out: `${version}\n`, err: "" });
  });

  test("no command, an unknown command or an unknown top-level option: one line and the usage on stderr, exit 2", async () => {
    expect(await run([])).toEqual({ code: 2, out: "", err: USAGE });
    expect(await run(["deploy"])).toEqual({ code: 2, out: "", err: `agent-guardrails: unknown command "deploy"\n\n${USAGE}` });
    expect(await run(["--verbose"])).toEqual({ code: 2, out: "", err: `agent-guardrails: unknown option "--verbose"\n\n${USAGE}` });
    expect(await run(["help", "deploy"])).toMatchObject({ code: 2, err: `agent-guardrails: unknown command "deploy"\n\n${USAGE}` });
  });

  test.each([
    [["schema", "--pretty"], 'agent-guardrails schema: unknown option "--pretty"'],
    [["schema", "extra"], 'agent-guardrails schema: unexpected argument "extra"'],
    [["demo", "--db"], "agent-guardrails demo: Option '--db <value>' argument missing"],
    [["start", "--bogus"], 'agent-guardrails start: unknown option "--bogus"'],
    [["simulate"], "agent-guardrails simulate: missing argument"],
    [["simulate", "a.jsonl", "b.jsonl"], 'agent-guardrails simulate: unexpected argument "b.jsonl"'],
    [["audit", "--since"], "agent-guardrails audit: Option '--since <value>' argument missing"],
    [["validate", "--strict=yes"], "agent-guardrails validate: Option '--strict' does not take an argument"],
  ])("%j: one line and the command's usage on stderr, exit 2", async (argv, line) => {
    const { code, out, err } = await run(argv);
    expect({ code, out }).toEqual({ code: 2, out: "" });
    const command = COMMANDS.find((c) => c.name === argv[0])!;
    expect(err).toBe(`${line}\n\n${command.usage}`);
  });

  test("a bad environment variable the command reads is one line, exit 1", async () => {
    const { code, out, err } = await run(["audit", "--db", "/nonexistent.db"], { LOG_LEVEL: "loud" });
    expect({ code, out }).toEqual({ code: 1, out: "" });
    expect(err).toBe(
      "agent-guardrails audit: invalid environment: LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent\n",
    );
  });
});

describe("simulate --config", () => {
  test.each([
    [
      "bad YAML",
      "mode: [observe\n",
      /^bad\.yml: invalid config, not simulated \(agent-guardrails validate bad\.yml explains\):\nbad\.yml: invalid YAML: .*\(line \d+\)\n$/,
    ],
    [
      "a schema error",
      "mode: yolo\npolicy:\n  merge: maybe\n",
      /^bad\.yml: invalid config, not simulated .*\nbad\.yml: mode: .*\nbad\.yml: policy\.merge: .*\n$/,
    ],
  ])("with %s: the problems on stderr, exit 1, nothing simulated", async (_what, text, problems) => {
    const dir = mkdtempSync(join(tmpdir(), "simulate-bad-config-"));
    const cwd = process.cwd();
    try {
      writeFileSync(join(dir, "bad.yml"), text);
      process.chdir(dir);
      const { code, out, err } = await run(["simulate", scenario, "--config", "bad.yml", "--json"]);
      expect({ code, out }).toEqual({ code: 1, out: "" });
      expect(err).toMatch(problems);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("with a valid file: it runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "simulate-good-config-"));
    try {
      writeFileSync(join(dir, "good.yml"), "mode: observe\n");
      const { code, out } = await run(["simulate", scenario, "--config", join(dir, "good.yml"), "--json"]);
      expect(code).toBe(0);
      expect((JSON.parse(out) as { events: number }).events).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
