/**
 * The HTTP bench: real `probot run` processes (a bare Probot app, and ./lib/index.js) loaded with
 * autocannon over loopback with signed webhooks, the GitHub stand-in (lib/sim) in this process.
 * Returns one report object (printHttpReport prints it). It measures what the server answers
 * (HTTP response time, answered requests per second) and, separately, what it has processed (the
 * deliveries committed in its store, the comments GitHub shows), so that when the request path
 * answers before processing (an inbox), the same harness still reads both.
 *
 * Phases, each with its own stand-in and fresh processes so that one phase's leftovers (deferred
 * writes, a tripped breaker) do not bleed into the next:
 *  1. human issue_comment and push: throughput and p99 at 10 and at 1 connection, ours vs bare;
 *  2. an agent's comments at 10 connections: answer p99, answered and processed throughput;
 *  3. RSS of both processes after BENCH_RSS_EVENTS human comments;
 *  4. a flood of BENCH_FLOOD agent comments: actions until the breaker stopped the source, and the
 *     time until no flood comment is visible, against GitHub's write pace.
 */
import SqliteDatabase from "better-sqlite3";
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath, URL } from "node:url";
import { WRITE_LIMITS } from "../../lib/effects/write-budget.js";
import { startGitHubStandIn } from "../../lib/sim/github-stand-in.js";
import { FLOOD_AGENT, agentComment, agentPullRequestOpened, humanComment, humanPush, WORLD } from "../payloads.js";
import { load } from "./load.js";
import { signedWebhooks } from "./signed-webhooks.js";
import { startProbotProcess } from "./start-probot-process.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BARE_APP = "./bench/http/bare-app.js";
const OUR_APP = "./lib/index.js";

/** The targets (printed as met or missed, never asserted). */
export const HTTP_TARGETS = { throughputRatio: 0.9, agentAnswerP99Ms: 100, floodTimeRatio: 1.1, rssRatio: 1.2 };

/** Distinct bodies signed ahead of a run; bodies repeat after that, delivery ids never do. */
const DISTINCT = 2_000;

/**
 * The throughput phases' config: the bench world's, with agent limits no throughput run reaches,
 * so that they measure the normal path (hide each comment) and not a tripped breaker; the flood
 * phase keeps the bench world's limits (100 comments an hour, a burst of 100 in 60 s).
 */
function throughputWorld() {
  const world = JSON.parse(JSON.stringify(WORLD));
  const config = world.files[".github/agent-guardrails.yml"];
  world.files[".github/agent-guardrails.yml"] = config.replace(
    /^limits: .*$/m,
    'limits: {"actions_per_hour":10000000,"comments_per_hour":10000000,"pull_requests_per_hour":10000000,"burst":{"actions":10000000,"seconds":60},"repos_per_hour":1000}',
  );
  if (world.files[".github/agent-guardrails.yml"] === config) throw new Error("bench world config has no limits line to raise");
  return world;
}

/** The stand-in knows PR #42 (the agent's), which the comment workloads comment on. */
async function standInFor(world) {
  const standIn = await startGitHubStandIn(world);
  standIn.observe("pull_request", agentPullRequestOpened(42 - 1000));
  return standIn;
}

function machine() {
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    if (execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: ROOT, encoding: "utf8" }).trim() !== "")
      commit += "+dirty";
  } catch {
    // not a git checkout
  }
  return { nproc: availableParallelism(), cpu: cpus()[0]?.model ?? "unknown", node: process.version, commit };
}

/** Reads the app's SQLite store beside it (WAL: a reader never blocks the writer). */
function readStore(file, read) {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** `GET /repos/acme/widgets/pulls/42/files` → `GET /repos/acme/widgets/pulls/{n}/files 200`: count, for a readable breakdown. */
function requestShapes(requests) {
  const shapes = {};
  for (const r of requests) {
    const shape =
      `${r.method} ${r.path.replace(/\?.*$/, "").replace(/\/\d+(?=\/|$)/g, "/{n}")}${r.operation ? ` ${r.operation}` : ""} ${r.status ?? ""}`.trim();
    shapes[shape] = (shapes[shape] ?? 0) + 1;
  }
  return shapes;
}

/** Effects of these deliveries still being applied in the request path (not deferred to the sweep). */
function inFlightEffects(file, prefix) {
  return readStore(
    file,
    (db) =>
      db
        .prepare("select count(*) as n from effects where delivery_id like ? and status = 'pending' and next_attempt_at is null")
        .get(`${prefix}-%`).n,
  );
}

/** What a run needs: a key pair and secret for the processes, a temp dir for their stores. */
function credentials() {
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return { privateKey, secret: randomBytes(24).toString("hex") };
}

/** Starts both servers against one stand-in; each of ours gets a fresh SQLite file. */
async function startBoth(context, standIn, label) {
  const common = { standInPort: standIn.port, privateKey: context.privateKey, secret: context.secret };
  const databaseUrl = join(context.dir, `${label}.db`);
  const bare = await startProbotProcess({ ...common, app: BARE_APP });
  const ours = await startProbotProcess({ ...common, app: OUR_APP, databaseUrl, env: context.settings.appEnv });
  return { bare, ours, databaseUrl };
}

const WORKLOADS = [
  { key: "human_comment", label: "human issue_comment", event: "issue_comment", build: humanComment },
  { key: "human_push", label: "human push (feature branch)", event: "push", build: humanPush },
];

/** Phase 1: each workload at 10 and 1 connections, bare and ours in turn (who goes first alternates). */
async function measureHumanThroughput(context) {
  const standIn = await standInFor(throughputWorld());
  const { bare, ours } = await startBoth(context, standIn, "throughput");
  const rows = [];
  let flip = 0;
  try {
    for (const workload of WORKLOADS) {
      for (const connections of [10, 1]) {
        const row = { workload: workload.key, label: workload.label, connections };
        const order = flip++ % 2 === 0 ? ["bare", "ours"] : ["ours", "bare"];
        for (const who of order) {
          const server = who === "bare" ? bare : ours;
          const webhooks = await signedWebhooks({
            secret: context.secret,
            name: workload.event,
            build: workload.build,
            distinct: DISTINCT,
            prefix: `${workload.key}-${connections}-${who}`,
            observe: (n, p) => standIn.observe(n, p),
          });
          if (context.settings.warmUpSeconds > 0)
            await load({ url: server.url, requests: webhooks.requests, connections, duration: context.settings.warmUpSeconds });
          const from = standIn.requests.length;
          row[who] = await load({ url: server.url, requests: webhooks.requests, connections, duration: context.settings.seconds });
          row[who].githubRequests = standIn.requests.length - from;
          row[who].githubRequestShapes = requestShapes(standIn.requests.slice(from));
        }
        row.throughputRatio = row.ours.reqPerSec / row.bare.reqPerSec;
        row.p99Ratio = row.ours.latencyMs.p99 / row.bare.latencyMs.p99;
        rows.push(row);
      }
    }
  } finally {
    await Promise.all([bare.stop(), ours.stop()]);
    await standIn.close();
  }
  return rows;
}

/**
 * Waits until `count()` reaches `want`, or stops moving for `quietMs` (a request autocannon set up
 * but never sent when it stopped is never processed), or `timeoutMs` passes; answers the last count.
 */
async function waitFor(count, want, { timeoutMs = 120_000, quietMs = 10_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let n = count();
  let movedAt = Date.now();
  while (n < want && Date.now() < deadline && Date.now() - movedAt < quietMs) {
    await sleep(200);
    const next = count();
    if (next !== n) movedAt = Date.now();
    n = next;
  }
  return n;
}

/**
 * Phase 2: a listed agent's comments (config `comment: hide`) at 10 connections. Answered: the
 * HTTP numbers. Processed: deliveries committed in the store (read from its SQLite file), from
 * the start of the measured load to the last commit. The hides themselves go out at GitHub's
 * write pace (80 a minute) whatever the load, so they are not what this phase times.
 */
async function measureAgentComments(context) {
  const standIn = await standInFor(throughputWorld());
  const { bare, ours, databaseUrl } = await startBoth(context, standIn, "agent");
  const connections = 10;
  try {
    const result = { connections };
    for (const who of ["bare", "ours"]) {
      const server = who === "bare" ? bare : ours;
      const prefix = `agent-${who}`;
      const webhooks = await signedWebhooks({
        secret: context.secret,
        name: "issue_comment",
        build: (i) => agentComment(i),
        distinct: DISTINCT,
        prefix,
        observe: (n, p) => standIn.observe(n, p),
      });
      const committed = (since) =>
        readStore(databaseUrl, (db) =>
          db
            .prepare("select count(*) as n, max(received_at) as last from deliveries where id like ? and received_at >= ?")
            .get(`${prefix}-%`, since),
        );
      if (context.settings.warmUpSeconds > 0) {
        await load({ url: server.url, requests: webhooks.requests, connections, duration: context.settings.warmUpSeconds });
        // Today an agent's comment is processed before it is answered and its hide waits on the
        // write throttle: let the warm-up's backlog drain, or the measured run starts behind it.
        if (who === "ours") {
          await waitFor(() => committed("").n, webhooks.sent());
          await waitFor(() => -inFlightEffects(databaseUrl, prefix), 0);
        }
      }
      const warmed = webhooks.sent();
      const startedAt = new Date();
      result[who] = await load({ url: server.url, requests: webhooks.requests, connections, duration: context.settings.seconds });
      if (who === "ours") {
        // Every measured delivery the server received is processed once: wait for them.
        const sent = webhooks.sent() - warmed;
        await waitFor(() => committed(startedAt.toISOString()).n, sent);
        const { n, last } = committed(startedAt.toISOString());
        const seconds = last ? (Date.parse(last) - startedAt.getTime()) / 1000 : NaN;
        const hidden = readStore(
          databaseUrl,
          (db) =>
            db
              .prepare("select count(*) as n from effects where delivery_id like ? and status = 'applied' and created_at >= ?")
              .get(`${prefix}-%`, startedAt.toISOString()).n,
        );
        result.processed = { deliveries: n, sent, answered: result.ours.ok, seconds, perSec: n / seconds, effectsAppliedWhenRead: hidden };
      }
    }
    return result;
  } finally {
    await Promise.all([bare.stop(), ours.stop()]);
    await standIn.close();
  }
}

/** Phase 3: RSS of each process after N human comments (10 connections), at each reading point. */
async function measureRss(context) {
  const standIn = await standInFor(throughputWorld());
  const { bare, ours } = await startBoth(context, standIn, "rss");
  try {
    const readings = [];
    const webhooks = {};
    for (const who of ["bare", "ours"]) {
      webhooks[who] = await signedWebhooks({
        secret: context.secret,
        name: "issue_comment",
        build: humanComment,
        distinct: DISTINCT,
        prefix: `rss-${who}`,
        observe: (n, p) => standIn.observe(n, p),
      });
    }
    let done = 0;
    for (const events of context.settings.rssEvents) {
      const reading = { events };
      for (const who of ["bare", "ours"]) {
        const server = who === "bare" ? bare : ours;
        const run = await load({ url: server.url, requests: webhooks[who].requests, connections: 10, amount: events - done });
        reading[`${who}Errors`] = run.non2xx + run.errors + run.timeouts;
        // The pace of this stretch: whether the server slows down as its store fills.
        reading[`${who}ReqPerSec`] = run.reqPerSec;
        reading[`${who}MiB`] = server.rss() / 1024 / 1024;
      }
      reading.rssRatio = reading.oursMiB / reading.bareMiB;
      readings.push(reading);
      done = events;
    }
    return readings;
  } finally {
    await Promise.all([bare.stop(), ours.stop()]);
    await standIn.close();
  }
}

/**
 * How long GitHub's secondary limits make `writes` content writes take at the sustained rate: the
 * per-minute limit (80) gives 500 writes 6.25 min; each full hourly budget (500) used before the
 * rest adds the hour it takes to refill.
 */
export function writePaceBoundSeconds(writes) {
  const limits = [...WRITE_LIMITS].sort((a, b) => a.windowMs - b.windowMs);
  const perMinute = limits[0];
  const hourly = limits[limits.length - 1];
  const fullHours = hourly === perMinute ? 0 : Math.ceil(writes / hourly.count) - 1;
  const rest = writes - fullHours * hourly.count;
  return (fullHours * hourly.windowMs + (rest / perMinute.count) * perMinute.windowMs) / 1000;
}

/** A request that changes something on GitHub (GraphQL: the mutations the app sends). */
function isWrite(request) {
  if (request.path === "/graphql")
    return /^(minimize|unminimize|add|update|delete|convert|mark|create|close|reopen|remove)/.test(request.operation ?? "");
  return request.method !== "GET";
}

/** The flood comments GitHub still shows, from what the stand-in answered: hidden (minimized) or deleted ones are not. */
function visibleFloodComments(standIn, total) {
  const gone = new Set();
  for (const request of standIn.requests) {
    if (request.status !== undefined && request.status >= 300) continue;
    if (request.operation === "minimizeComment") {
      const match = /IC_benchAgent(\d+)/.exec(JSON.stringify(request.variables ?? {}));
      if (match) gone.add(Number(match[1]));
    } else if (request.method === "DELETE") {
      const match = /^\/repos\/acme\/widgets\/issues\/comments\/(\d+)$/.exec(request.path);
      if (match) gone.add(Number(match[1]) - 7_000_000);
    }
  }
  let visible = 0;
  for (let i = 0; i < total; i++) if (!gone.has(i)) visible++;
  return visible;
}

/**
 * Phase 4: BENCH_FLOOD comments by one agent, as fast as 10 connections send them, against the
 * bench world's limits. "Source stopped" is the breaker open in the app's store: every later
 * action of the agent is contained on arrival. Counted in the audit log, in commit order: the
 * actions from the first one over a limit (the one that trips) to the first contained on arrival.
 */
async function measureFlood(context) {
  const total = context.settings.flood;
  const standIn = await standInFor(JSON.parse(JSON.stringify(WORLD)));
  const databaseUrl = join(context.dir, "flood.db");
  const ours = await startProbotProcess({
    app: OUR_APP,
    standInPort: standIn.port,
    privateKey: context.privateKey,
    secret: context.secret,
    databaseUrl,
    env: context.settings.appEnv,
  });
  try {
    const webhooks = await signedWebhooks({
      secret: context.secret,
      name: "issue_comment",
      build: (i) => agentComment(i, FLOOD_AGENT),
      distinct: total,
      prefix: "flood",
      observe: (n, p) => standIn.observe(n, p),
    });
    const startedAt = Date.now();
    const answered = await load({ url: ours.url, requests: webhooks.requests, connections: 10, amount: total });
    const sentSeconds = (Date.now() - startedAt) / 1000;
    const deadline = startedAt + context.settings.floodTimeoutSeconds * 1000;
    let visible = visibleFloodComments(standIn, total);
    while (visible > 0 && Date.now() < deadline) {
      await sleep(500);
      visible = visibleFloodComments(standIn, total);
    }
    const zeroSeconds = visible === 0 ? (Date.now() - startedAt) / 1000 : null;
    const { rows, breaker } = readStore(databaseUrl, (db) => ({
      rows: db
        .prepare("select verdict, reasons, detail from audit where actor = ? and action = 'issue_comment.created' order by id")
        .all(FLOOD_AGENT.login),
      breaker: db
        .prepare("select state, reason, tripped_at as trippedAt, contained_at as containedAt from breakers where agent = ?")
        .get(FLOOD_AGENT.login),
    }));
    // The first over the limit is the one that trips (its own comment contained with it); the
    // source is stopped from the first action decided with the breaker already open.
    const tripped = (row) => "trip" in JSON.parse(row.detail);
    const overLimit = rows.findIndex((row) => tripped(row) || row.verdict === "contained");
    const stopped =
      overLimit < 0
        ? -1
        : rows.findIndex(
            (row, i) => i > overLimit && !tripped(row) && row.verdict === "contained" && row.reasons.includes("contained on arrival"),
          );
    const boundSeconds = writePaceBoundSeconds(total);
    return {
      comments: total,
      answered: { ok: answered.ok, non2xx: answered.non2xx, errors: answered.errors, seconds: sentSeconds, p99Ms: answered.latencyMs.p99 },
      agentActionsAudited: rows.length,
      firstOverLimitAction: overLimit < 0 ? null : overLimit + 1,
      firstContainedOnArrival: stopped < 0 ? null : stopped + 1,
      actionsToSourceStopped: overLimit < 0 || stopped < 0 ? null : stopped - overLimit,
      // Over-limit actions that were not contained (stayed visible until the containment reached them).
      overLimitNotContained: overLimit < 0 ? null : rows.slice(overLimit).filter((row) => row.verdict !== "contained").length,
      breaker: breaker ?? null,
      visibleLeft: visible,
      zeroVisibleSeconds: zeroSeconds,
      timeoutSeconds: context.settings.floodTimeoutSeconds,
      boundSeconds,
      timeRatio: zeroSeconds === null ? null : zeroSeconds / boundSeconds,
      githubWrites: standIn.requests.filter(isWrite).length,
    };
  } finally {
    await ours.stop();
    await standIn.close();
  }
}

/** Runs every phase once. `settings` as httpSettings() makes them. */
export async function runHttpBench(settings) {
  const context = { ...credentials(), settings, dir: mkdtempSync(join(tmpdir(), "agent-guardrails-bench-http-")) };
  try {
    const report = {
      machine: machine(),
      settings: { ...settings, appEnv: undefined },
      targets: HTTP_TARGETS,
      at: new Date().toISOString(),
    };
    const phases = new Set(settings.phases);
    report.human = phases.has("human") ? await measureHumanThroughput(context) : [];
    report.agentComment = phases.has("agent") ? await measureAgentComments(context) : null;
    report.rss = phases.has("rss") ? await measureRss(context) : [];
    report.flood = phases.has("flood") && settings.flood > 0 ? await measureFlood(context) : null;
    report.verdicts = targetVerdicts(report);
    return report;
  } finally {
    rmSync(context.dir, { recursive: true, force: true });
  }
}

/** Each target, met or missed, from the figures (null: not measured in this run). */
export function targetVerdicts(report) {
  const verdicts = [];
  for (const row of report.human) {
    verdicts.push({
      target: `${row.label} @${row.connections}: throughput >= ${HTTP_TARGETS.throughputRatio}x bare`,
      got: row.throughputRatio,
      met: row.throughputRatio >= HTTP_TARGETS.throughputRatio,
    });
  }
  const agent = report.agentComment?.ours;
  const p99 = agent && agent.ok > 0 ? agent.latencyMs.p99 : null;
  if (agent)
    verdicts.push({
      target: `agent comment @10: answer p99 <= ${HTTP_TARGETS.agentAnswerP99Ms} ms`,
      got: p99,
      met: p99 !== null && p99 <= HTTP_TARGETS.agentAnswerP99Ms,
    });
  for (const reading of report.rss) {
    verdicts.push({
      target: `RSS after ${reading.events} events <= ${HTTP_TARGETS.rssRatio}x bare`,
      got: reading.rssRatio,
      met: reading.rssRatio <= HTTP_TARGETS.rssRatio,
    });
  }
  if (report.flood) {
    const ratio = report.flood.timeRatio;
    verdicts.push({
      target: `flood of ${report.flood.comments}: time to zero visible <= ${HTTP_TARGETS.floodTimeRatio}x the write-pace bound`,
      got: ratio,
      met: ratio !== null && ratio <= HTTP_TARGETS.floodTimeRatio,
    });
  }
  return verdicts;
}
