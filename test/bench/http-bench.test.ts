/**
 * The HTTP bench's harness (bench/http/), run as `npm run bench` runs it but with tiny counts: it
 * must start both real processes, load them, read our app's store and the stand-in, and produce
 * the report's shape. Timing is never asserted here (bench/README.md: goals live in the bench).
 * Needs lib/ built (`npm test` builds it before jest).
 */
import { describe, expect, test } from "@jest/globals";
import { verify } from "@octokit/webhooks-methods";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { WATCHED_EVENTS } from "../../src/create-guardrails.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** A bench module, imported by URL: plain JS over lib/, outside the TypeScript project. */
async function benchModule<T>(path: string): Promise<T> {
  const url = pathToFileURL(join(root, path)).href;
  return (await import(url)) as T;
}

function run(command: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, command, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const finite = expect.any(Number);

/** The report's parts this test reads (bench/http/run-http-bench.js builds it). */
interface Run {
  ok: number;
  reqPerSec: number;
  githubRequests?: number;
}
interface HttpReport {
  machine: unknown;
  human: ({ workload: string; connections: number; throughputRatio: number; bare: Run; ours: Run } & Record<string, unknown>)[];
  agentComment: { processed: { deliveries: number; sent: number } };
  rss: ({ events: number; oursMiB: number } & Record<string, unknown>)[];
  flood: { actionsToSourceStopped: number | null } & Record<string, unknown>;
  verdicts: unknown[];
}

describe("the HTTP bench harness", () => {
  test("the bare app subscribes to exactly the events agent-guardrails watches", async () => {
    const { BARE_EVENTS } = await benchModule<{ BARE_EVENTS: string[] }>("bench/http/bare-app.js");
    expect([...BARE_EVENTS].sort()).toEqual([...WATCHED_EVENTS].sort());
  });

  test("the flood's bound is GitHub's write pace: 500 writes at 80 a minute take 6.25 minutes", async () => {
    const { writePaceBoundSeconds } = await benchModule<{ writePaceBoundSeconds(n: number): number }>("bench/http/run-http-bench.js");
    expect(writePaceBoundSeconds(500)).toBe(375);
    expect(writePaceBoundSeconds(80)).toBe(60);
    // Past 500 an hour, the hourly budget must refill first: 1000 writes take an hour and 6.25 minutes.
    expect(writePaceBoundSeconds(1000)).toBe(3975);
  });

  test("knobs come from the environment, defaults giving the real figures, and bad values are refused", async () => {
    const { httpSettings } = await benchModule<{ httpSettings(env: Record<string, string>): Record<string, unknown> }>(
      "bench/http/http-settings.js",
    );
    expect(httpSettings({})).toMatchObject({
      enabled: true,
      seconds: 10,
      flood: 500,
      rssEvents: [1000, 100000],
      phases: ["human", "agent", "rss", "flood"],
    });
    expect(httpSettings({ BENCH_FLOOD: "0", BENCH_RSS_EVENTS: "5,10", BENCH_HTTP_PHASES: "flood" })).toMatchObject({
      flood: 0,
      rssEvents: [5, 10],
      phases: ["flood"],
    });
    expect(() => httpSettings({ BENCH_RSS_EVENTS: "10,5" })).toThrow(/ascending/);
    expect(() => httpSettings({ BENCH_HTTP_PHASES: "human,speed" })).toThrow(/unknown phase speed/);
    expect(() => httpSettings({ BENCH_HTTP_SECONDS: "soon" })).toThrow(/BENCH_HTTP_SECONDS/);
  });

  test("webhooks are signed as GitHub signs them, each with its own delivery id", async () => {
    const { signedWebhooks } = await benchModule<{
      signedWebhooks(o: {
        secret: string;
        name: string;
        build: (i: number) => object;
        distinct: number;
        prefix: string;
      }): Promise<{ requests: { setupRequest(r: object): Record<string, unknown> }[] }>;
    }>("bench/http/signed-webhooks.js");
    const { requests } = await signedWebhooks({
      secret: "s3cret",
      name: "issue_comment",
      build: (i) => ({ n: i }),
      distinct: 2,
      prefix: "t",
    });
    const sent = [0, 1, 2].map(() => requests[0]!.setupRequest({}) as { body: string; headers: Record<string, string> });
    expect(sent.map((r) => r.headers["x-github-delivery"])).toEqual(["t-0", "t-1", "t-2"]);
    expect(sent.map((r) => JSON.parse(r.body) as unknown)).toEqual([{ n: 0 }, { n: 1 }, { n: 0 }]);
    for (const r of sent) expect(await verify("s3cret", r.body, r.headers["x-hub-signature-256"]!)).toBe(true);
    expect(await verify("other", sent[0]!.body, sent[0]!.headers["x-hub-signature-256"]!)).toBe(false);
  });

  test("a tiny run produces the report's shape, with every target judged", async () => {
    if (!existsSync(join(root, "lib/index.js"))) throw new Error("lib/index.js is missing: build the app first with `npm run build`.");
    const dir = mkdtempSync(join(tmpdir(), "agent-guardrails-bench-test-"));
    const out = join(dir, "http.json");
    try {
      const { code, stdout, stderr } = await run(["bench/http/run.js", "--json"], {
        BENCH_HTTP_SECONDS: "1",
        // A warm-up, so that the first deliveries' cold start (GET /app, the config read) is not in the counts.
        BENCH_HTTP_WARMUP_SECONDS: "1",
        BENCH_FLOOD: "3",
        BENCH_FLOOD_TIMEOUT_S: "60",
        BENCH_RSS_EVENTS: "20,40",
        BENCH_HTTP_OUT: out,
      });
      expect({ code, stderr: code === 0 ? "" : stderr }).toEqual({ code: 0, stderr: "" });
      const report = JSON.parse(stdout) as HttpReport;
      // The file written is the report printed.
      expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(report);
      expect(report.machine).toEqual({ nproc: finite, cpu: expect.any(String), node: process.version, commit: expect.any(String) });
      expect(report.human.map((row) => [row.workload, row.connections])).toEqual([
        ["human_comment", 10],
        ["human_comment", 1],
        ["human_push", 10],
        ["human_push", 1],
      ]);
      for (const row of report.human) {
        for (const who of [row.bare, row.ours]) {
          expect(who).toMatchObject({
            reqPerSec: finite,
            latencyMs: { p50: finite, p90: finite, p99: finite, max: finite },
            non2xx: 0,
            errors: 0,
          });
          expect(who.ok).toBeGreaterThan(0);
        }
        // A human's event costs no GitHub request, over HTTP too.
        expect(row.ours.githubRequests).toBe(0);
        expect(row.throughputRatio).toBeCloseTo(row.ours.reqPerSec / row.bare.reqPerSec);
      }
      expect(report.agentComment.processed).toMatchObject({
        deliveries: finite,
        sent: finite,
        answered: finite,
        effectsAppliedWhenRead: finite,
      });
      // Every measured agent comment the server received was committed once, none twice.
      expect(report.agentComment.processed.deliveries).toBe(report.agentComment.processed.sent);
      expect(report.rss.map((r) => r.events)).toEqual([20, 40]);
      for (const reading of report.rss) {
        expect(reading).toMatchObject({ bareMiB: finite, oursMiB: finite, rssRatio: finite, bareErrors: 0, oursErrors: 0 });
        expect(reading.oursMiB).toBeGreaterThan(10);
      }
      expect(report.flood).toMatchObject({
        comments: 3,
        boundSeconds: 2.25,
        agentActionsAudited: 3,
        visibleLeft: 0,
        zeroVisibleSeconds: finite,
      });
      // Three comments stay under every limit: nothing trips, so nothing is "stopped".
      expect(report.flood).toMatchObject({ actionsToSourceStopped: null, overLimitNotContained: null });
      expect(report.verdicts.length).toBe(4 + 1 + 2 + 1);
      for (const verdict of report.verdicts) expect(verdict).toMatchObject({ target: expect.any(String), met: expect.any(Boolean) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
