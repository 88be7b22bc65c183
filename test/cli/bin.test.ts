/** bin/agent-guardrails.js as a user runs it: its own process, on the built lib/ (or without one). */
import { describe, expect, test } from "@jest/globals";
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Runs node on a script and resolves with its exit code and output, whatever the code. */
function node(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env: { PATH: process.env.PATH } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe("bin/agent-guardrails.js", () => {
  test("run before a build (no lib/): one line on stderr, exit 2, no stack trace", async () => {
    const clone = mkdtempSync(join(tmpdir(), "guardrails-unbuilt-"));
    try {
      mkdirSync(join(clone, "bin"));
      copyFileSync(join(root, "bin/agent-guardrails.js"), join(clone, "bin/agent-guardrails.js"));
      copyFileSync(join(root, "package.json"), join(clone, "package.json"));
      expect(await node(["bin/agent-guardrails.js", "audit"], clone)).toEqual({
        code: 2,
        stdout: "",
        stderr: 'agent-guardrails: lib/ is missing: run "npm run build" first\n',
      });
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });

  test("--version prints the package's version from the built lib/", async () => {
    if (!existsSync(join(root, "lib/cli/main.js"))) {
      throw new Error("lib/cli/main.js is missing: build first with `npx tsc -p tsconfig.json` (`npm test` does it before jest).");
    }
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    expect(await node(["bin/agent-guardrails.js", "--version"], root)).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    const unknown = await node(["bin/agent-guardrails.js", "deploy"], root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split("\n")[0]).toBe('agent-guardrails: unknown command "deploy"');
  });
});
