import { pino } from "pino";
import { fork } from "node:child_process";
import { Probot, ProbotOctokit } from "probot";
import { createGuardrails } from "/work/main/lib/create-guardrails.js";
import { openStore } from "/work/main/lib/store/open-store.js";
import { agentPullRequestOpened } from "/work/main/bench/payloads.js";
import { writeHeapSnapshot } from "node:v8";
const child = fork("/work/main/bench/_standin.mjs");
const next = () => new Promise((r) => child.once("message", r));
const { url } = await next();
const store = await openStore("/tmp/leakprobe.db");
let now = Date.parse("2026-11-20T09:00:00Z");
const log = pino({ level: "silent" });
const g = createGuardrails({ store, clock: () => new Date(now), appLogin: "agent-guardrails[bot]", sweepIntervalMs: 0, log });
const probot = new Probot({ githubToken: "t", log, Octokit: ProbotOctokit.defaults((o) => ({ ...o, baseUrl: url, retry: { enabled: false }, throttle: { ...o.throttle, enabled: false } })) });
await probot.load(g.appFn, { cwd: process.cwd(), addHandler: () => {} });
let i = 0;
async function run(n) { for (let k = 0; k < n; k++, i++) { now += 75000; const p = agentPullRequestOpened(i); child.send({ type: "observe", name: "pull_request", payload: p }); await next(); await probot.receive({ id: `d${i}`, name: "pull_request", payload: p }); } }
async function mem() { for (let k=0;k<3;k++){ gc(); await new Promise(r=>setImmediate(r)); } return process.memoryUsage().heapUsed; }
await run(300); const m0 = await mem();
await run(1000); const m1 = await mem(); if (process.argv[3]) writeHeapSnapshot("/tmp/h0.heapsnapshot");
await run(1000); const m2 = await mem(); if (process.argv[3]) writeHeapSnapshot("/tmp/h1.heapsnapshot");
console.log(((m1-m0)/1024/1000).toFixed(2), ((m2-m1)/1024/1000).toFixed(2), "KiB/event");
await g.close(); await store.close(); child.send({ type: "close" });
