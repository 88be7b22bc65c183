/** `agent-guardrails backtest` as a user runs it: the built CLI in its own process, the token from the environment. */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { BacktestReport } from "../../src/backtest/summarize-backtest.js";
import { loadRecordedHistory, startReplayServer, type ReplayServer } from "../backtest/replay-server.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer(loadRecordedHistory("acme-widgets.json"));
});
afterAll(async () => {
  await server.close();
});

describe("the backtest CLI process", () => {
  test("reads GITHUB_TOKEN, prints only the JSON report on stdout, and no progress on a pipe", async () => {
    if (!existsSync(join(root, "lib/cli/main.js"))) {
      throw new Error("lib/cli/main.js is missing: build first with `npm run build` (`npm test` does it before jest).");
    }
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        "bin/agent-guardrails.js",
        "backtest",
        "--repo",
        "acme/widgets",
        "--since",
        "2026-11-20T00:00:00Z",
        "--api-url",
        server.url,
        "--json",
      ],
      { cwd: root, env: { PATH: process.env.PATH, GITHUB_TOKEN: "ghp_process" }, maxBuffer: 64 * 1024 * 1024 },
    );
    expect(stderr).toBe("");
    const report = JSON.parse(stdout) as BacktestReport;
    expect(report.agents.map((a) => [a.login, a.trips[0]?.reason ?? null])).toEqual([
      ["amok-agent[bot]", "burst"],
      ["claude[bot]", "protected"],
      ["Copilot", null],
    ]);
    expect(report.pace.map((p) => p.login)).toEqual(["speedy"]);
    expect(new Set(server.authorizations)).toEqual(new Set(["token ghp_process"]));
  }, 60_000);

  test("a repository that does not exist: exit 1 and one line on stderr", async () => {
    const failed = await promisify(execFile)(
      process.execPath,
      ["bin/agent-guardrails.js", "backtest", "--repo", "acme/missing", "--api-url", server.url],
      {
        cwd: root,
        env: { PATH: process.env.PATH },
      },
    ).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(failed).toMatchObject({
      code: 1,
      stdout: "",
      stderr:
        "agent-guardrails backtest: repository acme/missing not found, or the token cannot read it (GET /repos/acme/missing answered 404)\n",
    });
  }, 60_000);
});
