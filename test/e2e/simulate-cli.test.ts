/** `agent-guardrails simulate --json` as outside tools run it: the built CLI in its own process. */
import { describe, expect, test } from "@jest/globals";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("the simulate CLI process", () => {
  test("stdout is one JSON object (logs never reach it), and the demo's agent PR is gated", async () => {
    if (!existsSync(join(root, "lib/cli/main.js"))) {
      throw new Error("lib/cli/main.js is missing: build first with `npm run build` (`npm test` does it before jest).");
    }
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["bin/agent-guardrails.js", "simulate", "examples/scenarios/demo.jsonl", "--json"],
      { cwd: root, env: { PATH: process.env.PATH, LOG_LEVEL: "debug" }, maxBuffer: 64 * 1024 * 1024 },
    );
    const result = JSON.parse(stdout) as { events: number; requests: { operation?: string }[]; audit: unknown[] };
    expect(result.events).toBe(11);
    expect(result.requests.some((r) => r.operation === "convertPullRequestToDraft")).toBe(true);
    expect(result.audit.length).toBeGreaterThan(0);
  });
});
