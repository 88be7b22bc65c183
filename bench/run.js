/**
 * agent-guardrails benchmark: the built app (lib/) against a bare Probot app that only registers
 * no-op handlers, on the same webhook payloads, in the same run. Everything is reported as a
 * RATIO to the bare app (absolute times depend on the machine; ratios much less), plus the GitHub
 * requests the app sent per event. See bench/README.md for what is measured and the goals.
 *
 *   npm run bench              # builds, then prints a table
 *   node bench/run.js --json   # a JSON object instead (lib/ must be built)
 *   node bench/run.js --strict # also exit 1 when a ratio goal is missed (requests always count)
 *
 * Then the HTTP bench (bench/http/): real `probot run` processes, ours and a bare app, loaded with
 * autocannon; it writes bench/results/http-latest.json. Its knobs are environment variables
 * (bench/http/http-settings.js); BENCH_HTTP=0 skips it, BENCH_FLOOD=0 skips its minutes-long flood.
 *
 * Timing runs in this process, the two apps alternating event by event (who goes first flips every
 * iteration) after a warm-up. Memory runs each (app, workload) in its own child process started
 * with --expose-gc, so that the two apps' heaps are not mixed and a full GC precedes each reading;
 * the GitHub stand-in stays in this process so that its own memory is not charged to the app.
 */
import { fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setImmediate as nextTurn } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { Probot } from "probot";
import { mergeConfig } from "../lib/config/merge-config.js";
import { createGuardrails, WATCHED_EVENTS } from "../lib/create-guardrails.js";
import { startGitHubStandIn } from "../lib/sim/github-stand-in.js";
import { openStore } from "../lib/store/open-store.js";
import { unthrottledOctokit } from "../lib/sim/unthrottled-octokit.js";
import { runHttpBenchAndSave } from "./http/run-http-bench-and-save.js";
import { agentPullRequestOpened, humanComment, humanPush, WORLD } from "./payloads.js";

/** Measured events per workload (per app), and un-measured warm-up events before them. */
const EVENTS = 300;
const WARM_UP = 50;
/**
 * The memory runs warm up longer: for the first few hundred events V8 is still compiling and
 * optimizing the app's code, and that code is on the heap, so a short warm-up reads as growth.
 */
const MEMORY_WARM_UP = 300;

/** The virtual clock starts here and moves `stepMs` per event. */
const START = Date.parse("2026-11-20T09:00:00.000Z");

/**
 * The workloads. `stepMs` spaces the events in virtual time at a human's (or a busy agent's)
 * pace but under the config's limits (100 comments/h, 50 PRs/h, burst 100/60 s): with a frozen
 * clock 300 events would land in the same second, and the pace and rate checks would rightly
 * raise an alert or trip the breaker, which is a different workload from the one named here.
 * The whole timing run spans about 15 virtual hours, inside the 24 h config cache age.
 */
const WORKLOADS = [
  {
    key: "human_comment",
    label: "(a) human comment, no command",
    event: "issue_comment",
    build: humanComment,
    stepMs: 40_000,
    zeroRequests: true,
  },
  { key: "human_push", label: "(b) human push to a feature branch", event: "push", build: humanPush, stepMs: 40_000, zeroRequests: true },
  {
    key: "agent_pr_opened",
    label: "(c) agent opens a PR",
    event: "pull_request",
    build: agentPullRequestOpened,
    stepMs: 75_000,
    zeroRequests: false,
  },
];

/**
 * The goals (bench/README.md explains them). Zero requests for a human's event is a design
 * contract and always enforced; the rest are regression bounds, enforced only with --strict,
 * because a loaded machine can miss them without the code having changed.
 */
const GOALS = {
  human_comment: { medianRatio: 100, p95Ratio: 300, heapRatio: 1.5, rssRatio: 2, heapGrowthKiBPerEvent: 2 },
  human_push: { medianRatio: 100, p95Ratio: 300, heapRatio: 1.5, rssRatio: 2, heapGrowthKiBPerEvent: 2 },
  agent_pr_opened: { medianRatio: 600, p95Ratio: 1000, heapRatio: 1.5, rssRatio: 2, heapGrowthKiBPerEvent: 2, requestsPerEvent: 4 },
};

/**
 * Config merge scaling: mergeConfig on a list of SMALL and of 10·SMALL `agents` entries (org and
 * repository layers, each entry repeated in another case). Linear is ≈ 10×; the pairwise merge
 * it replaced was ≈ 100× (a 20,000-entry list took 2.5 s per delivery). A ratio, like the rest.
 */
const MERGE_SMALL = 5_000;
const MERGE_GOAL = { largeOverSmallRatio: 25 };

function measureMergeScaling() {
  const median = (n) => {
    const agents = Array.from({ length: n }, (_, i) => `agent-${i}[bot]`);
    const layers = { org: { agents }, repo: { agents: agents.map((login) => login.toUpperCase()) } };
    mergeConfig(layers); // warm-up
    const samples = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      mergeConfig(layers);
      samples.push(performance.now() - start);
    }
    return samples.sort((a, b) => a - b)[2];
  };
  const smallMs = median(MERGE_SMALL);
  const largeMs = median(MERGE_SMALL * 10);
  return { entries: [MERGE_SMALL, MERGE_SMALL * 10], absoluteMs: { small: smallMs, large: largeMs }, ratio: largeMs / smallMs };
}

const silent = pino({ level: "silent" });

/** The Octokit every Probot here uses: the stand-in as GitHub, no throttling, no retries (probot#2039). */
function octokitFor(url) {
  return unthrottledOctokit(url);
}

/** A Probot with `appFn` loaded the way `simulate` and the tests load it. */
async function loadProbot(appFn, url) {
  const probot = new Probot({ githubToken: "bench-token", log: silent, Octokit: octokitFor(url) });
  await probot.load(appFn, { cwd: process.cwd(), addHandler: () => {} });
  return probot;
}

/** The baseline: subscribed to the same events as the app, and doing nothing with them. */
const bareApp = (app) => {
  for (const name of WATCHED_EVENTS) app.on(name, async () => {});
};

/** agent-guardrails on a fresh temporary SQLite store, with a settable virtual clock. */
async function startGuardrails(url) {
  const dir = await mkdtemp(join(tmpdir(), "agent-guardrails-bench-"));
  const store = await openStore(join(dir, "bench.db"));
  const clock = { now: START };
  const guardrails = createGuardrails({
    store,
    clock: () => new Date(clock.now),
    appLogin: "agent-guardrails[bot]",
    sweepIntervalMs: 0,
    log: silent,
  });
  const probot = await loadProbot(guardrails.appFn, url);
  return {
    probot,
    clock,
    store,
    close: async () => {
      await guardrails.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

async function timed(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** `GET /repos/acme/widgets/pulls/1030/files` → `GET /repos/acme/widgets/pulls/{n}/files`, for a readable breakdown. */
function requestShape(request) {
  if (request.operation) return `${request.method} ${request.path} ${request.operation}`;
  return `${request.method} ${request.path.replace(/\?.*$/, "").replace(/\/\d+(?=\/|$)/g, "/{n}")}`;
}

/** Timing, in this process: both apps, same payloads, alternating, after a warm-up. */
async function measureTime() {
  const standIn = await startGitHubStandIn(JSON.parse(JSON.stringify(WORLD)));
  const bare = await loadProbot(bareApp, standIn.url);
  const app = await startGuardrails(standIn.url);
  const results = {};
  let delivery = 0;
  try {
    for (const workload of WORKLOADS) {
      const bareMs = [];
      const appMs = [];
      const before = { requests: 0 };
      const shapes = new Map();
      for (let i = 0; i < WARM_UP + EVENTS; i++) {
        const measured = i >= WARM_UP;
        if (i === WARM_UP) before.requests = standIn.requests.length;
        const n = delivery++;
        const forBare = { id: `bench-bare-${n}`, name: workload.event, payload: workload.build(n) };
        const forApp = { id: `bench-app-${n}`, name: workload.event, payload: workload.build(n) };
        app.clock.now += workload.stepMs;
        // What GitHub would know once this webhook is sent (the PR exists, the branch moved).
        standIn.observe(forApp.name, forApp.payload);
        const requestsFrom = standIn.requests.length;
        const runBare = () => timed(() => bare.receive(forBare));
        const runApp = () => timed(() => app.probot.receive(forApp));
        let bareTime;
        let appTime;
        if (i % 2 === 0) {
          bareTime = await runBare();
          appTime = await runApp();
        } else {
          appTime = await runApp();
          bareTime = await runBare();
        }
        if (measured) {
          bareMs.push(bareTime);
          appMs.push(appTime);
          for (const request of standIn.requests.slice(requestsFrom)) {
            const shape = requestShape(request);
            shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
          }
        }
      }
      const requests = standIn.requests.length - before.requests;
      const bareStats = summary(bareMs);
      const appStats = summary(appMs);
      results[workload.key] = {
        events: EVENTS,
        medianRatio: appStats.median / bareStats.median,
        p95Ratio: appStats.p95 / bareStats.p95,
        requests,
        requestsPerEvent: requests / EVENTS,
        requestBreakdown: Object.fromEntries([...shapes].map(([shape, count]) => [shape, count / EVENTS])),
        // Machine-dependent context only (the goals are ratios): milliseconds per event.
        absoluteMs: { bare: bareStats, app: appStats },
      };
    }
  } finally {
    await app.close();
    await standIn.close();
  }
  return results;
}

/** Memory: one child process per (app, workload); the stand-in it talks to lives here. */
async function measureMemory() {
  const results = {};
  for (const workload of WORKLOADS) {
    const row = {};
    for (const appKind of ["bare", "app"]) row[appKind] = await memoryChild(appKind, workload);
    const mib = (bytes) => bytes / 1024 / 1024;
    results[workload.key] = {
      gc: row.bare.gc && row.app.gc,
      heapRatio: row.app.after.heapUsed / row.bare.after.heapUsed,
      rssRatio: row.app.after.rss / row.bare.after.rss,
      heapUsedMiB: { bare: mib(row.bare.after.heapUsed), app: mib(row.app.after.heapUsed) },
      rssMiB: { bare: mib(row.bare.after.rss), app: mib(row.app.after.rss) },
      heapGrowthKiBPerEvent: {
        bare: (row.bare.after.heapUsed - row.bare.before.heapUsed) / 1024 / EVENTS,
        app: (row.app.after.heapUsed - row.app.before.heapUsed) / 1024 / EVENTS,
      },
      requests: row.app.requests,
    };
  }
  return results;
}

async function memoryChild(appKind, workload) {
  const standIn = await startGitHubStandIn(JSON.parse(JSON.stringify(WORLD)));
  try {
    const child = fork(fileURLToPath(import.meta.url), ["--memory-child", appKind, workload.key, standIn.url], {
      execArgv: ["--expose-gc"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let requestsAfterWarmUp = 0;
    return await new Promise((resolve, reject) => {
      let result;
      child.on("message", (message) => {
        if (message.type === "observe") {
          standIn.observe(message.name, message.payload);
          child.send({ type: "observed" });
        } else if (message.type === "warmed") {
          requestsAfterWarmUp = standIn.requests.length;
          child.send({ type: "go" });
        } else if (message.type === "result") {
          result = { ...message.result, requests: standIn.requests.length - requestsAfterWarmUp };
        }
      });
      child.on("error", reject);
      child.on("exit", (code) =>
        code === 0 && result ? resolve(result) : reject(new Error(`memory child ${appKind}/${workload.key} exited with ${code}`)),
      );
    });
  } finally {
    await standIn.close();
  }
}

/** In the child: send `message` to the parent and wait for the reply of `type`. */
function ask(message, type) {
  return new Promise((resolve) => {
    const onMessage = (reply) => {
      if (reply.type !== type) return;
      process.off("message", onMessage);
      resolve(reply);
    };
    process.on("message", onMessage);
    process.send(message);
  });
}

async function settledMemory() {
  const gc = globalThis.gc;
  if (typeof gc === "function") {
    for (let i = 0; i < 3; i++) {
      gc();
      await nextTurn();
    }
  }
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

async function runMemoryChild(appKind, workloadKey, url) {
  const workload = WORKLOADS.find((w) => w.key === workloadKey);
  const app =
    appKind === "app"
      ? await startGuardrails(url)
      : { probot: await loadProbot(bareApp, url), clock: { now: START }, close: async () => {} };
  let before;
  for (let i = 0; i < MEMORY_WARM_UP + EVENTS; i++) {
    if (i === MEMORY_WARM_UP) {
      before = await settledMemory();
      await ask({ type: "warmed" }, "go");
    }
    const payload = workload.build(i);
    app.clock.now += workload.stepMs;
    if (appKind === "app") await ask({ type: "observe", name: workload.event, payload }, "observed");
    await app.probot.receive({ id: `bench-${appKind}-${i}`, name: workload.event, payload });
  }
  const after = await settledMemory();
  process.send({ type: "result", result: { gc: typeof globalThis.gc === "function", before, after } });
  await app.close();
  process.disconnect();
}

function fixed(value, digits = 2) {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}

/** Goal checks: `enforced` failures always fail the run, the others only with --strict. */
function checkGoals(report) {
  const misses = [];
  for (const workload of WORKLOADS) {
    const time = report.time[workload.key];
    const memory = report.memory[workload.key];
    const goal = GOALS[workload.key];
    if (workload.zeroRequests && (time.requests !== 0 || memory.requests !== 0)) {
      misses.push({
        workload: workload.key,
        goal: "zero GitHub requests",
        got: `${time.requests} (timing run), ${memory.requests} (memory run)`,
        enforced: true,
      });
    }
    if (goal.requestsPerEvent !== undefined && time.requestsPerEvent > goal.requestsPerEvent) {
      misses.push({
        workload: workload.key,
        goal: `requests/event <= ${goal.requestsPerEvent}`,
        got: fixed(time.requestsPerEvent),
        enforced: false,
      });
    }
    if (time.medianRatio > goal.medianRatio)
      misses.push({ workload: workload.key, goal: `median <= ${goal.medianRatio}x bare`, got: fixed(time.medianRatio), enforced: false });
    if (time.p95Ratio > goal.p95Ratio)
      misses.push({ workload: workload.key, goal: `p95 <= ${goal.p95Ratio}x bare`, got: fixed(time.p95Ratio), enforced: false });
    if (memory.heapRatio > goal.heapRatio)
      misses.push({ workload: workload.key, goal: `heap <= ${goal.heapRatio}x bare`, got: fixed(memory.heapRatio), enforced: false });
    if (memory.rssRatio > goal.rssRatio)
      misses.push({ workload: workload.key, goal: `RSS <= ${goal.rssRatio}x bare`, got: fixed(memory.rssRatio), enforced: false });
    const growth = memory.heapGrowthKiBPerEvent.app - memory.heapGrowthKiBPerEvent.bare;
    if (memory.gc && growth > goal.heapGrowthKiBPerEvent) {
      misses.push({
        workload: workload.key,
        goal: `heap growth <= ${goal.heapGrowthKiBPerEvent} KiB/event over bare`,
        got: fixed(growth),
        enforced: false,
      });
    }
  }
  if (report.mergeScaling.ratio > MERGE_GOAL.largeOverSmallRatio) {
    misses.push({
      workload: "config_merge",
      goal: `10x the agents entries <= ${MERGE_GOAL.largeOverSmallRatio}x the time`,
      got: fixed(report.mergeScaling.ratio),
      enforced: false,
    });
  }
  return misses;
}

function printTable(report) {
  const rows = [["workload", "median x", "p95 x", "GitHub req/event", "heap x", "RSS x", "heap growth KiB/event (app | bare)"]];
  for (const workload of WORKLOADS) {
    const time = report.time[workload.key];
    const memory = report.memory[workload.key];
    rows.push([
      workload.label,
      fixed(time.medianRatio),
      fixed(time.p95Ratio),
      `${fixed(time.requestsPerEvent)} (${time.requests} total)`,
      fixed(memory.heapRatio),
      fixed(memory.rssRatio),
      memory.gc ? `${fixed(memory.heapGrowthKiBPerEvent.app)} | ${fixed(memory.heapGrowthKiBPerEvent.bare)}` : "n/a (no gc)",
    ]);
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ");
  console.log(`agent-guardrails vs a bare Probot app: ratios (app / bare) on the same events, same run`);
  console.log(`time: ${EVENTS} events per workload after ${WARM_UP} warm-up, both apps in one process, alternating`);
  console.log(
    `memory: after ${MEMORY_WARM_UP} warm-up + ${EVENTS} events, one process per app and workload, ${report.gc ? "after a forced GC" : "WITHOUT a forced GC (global.gc absent: readings are noisy)"}`,
  );
  console.log("");
  console.log(line(rows[0]));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows.slice(1)) console.log(line(row));
  const pr = report.time.agent_pr_opened;
  console.log("");
  console.log("(c) requests per agent PR:");
  for (const [shape, perEvent] of Object.entries(pr.requestBreakdown)) console.log(`  ${fixed(perEvent)}  ${shape}`);
  const merge = report.mergeScaling;
  console.log("");
  console.log(
    `config merge: ${merge.entries[1]} agents entries take ${fixed(merge.ratio)}x the time of ${merge.entries[0]} (linear ~10x, goal <= ${MERGE_GOAL.largeOverSmallRatio}x)`,
  );
  console.log("");
  if (report.misses.length === 0) console.log("goals: all met (see bench/README.md)");
  for (const miss of report.misses) {
    console.log(
      `goal ${miss.enforced || report.strict ? "FAILED" : "missed (not enforced without --strict)"}: ${miss.workload}: ${miss.goal}, got ${miss.got}`,
    );
  }
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === "--memory-child") {
    await runMemoryChild(args[1], args[2], args[3]);
    return;
  }
  const json = args.includes("--json");
  const strict = args.includes("--strict");
  const mergeScaling = measureMergeScaling();
  const time = await measureTime();
  const memory = await measureMemory();
  const report = {
    node: process.version,
    events: EVENTS,
    warmUp: { time: WARM_UP, memory: MEMORY_WARM_UP },
    strict,
    gc: Object.values(memory).every((m) => m.gc),
    time,
    memory,
    mergeScaling,
    goals: { ...GOALS, config_merge: MERGE_GOAL },
  };
  report.misses = checkGoals(report);
  if (!json) printTable(report);
  // Then the same events over HTTP, real processes (bench/http/run-http-bench.js; BENCH_HTTP=0 skips it).
  if (!json) console.log("");
  const http = await runHttpBenchAndSave({ json: false, print: !json });
  if (json) console.log(JSON.stringify({ ...report, http }, null, 2));
  if (report.misses.some((miss) => miss.enforced || strict)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error instanceof AggregateError ? error.errors : error);
  process.exitCode = 1;
});
