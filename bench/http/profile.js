/**
 * Profiles our server under one workload: `node bench/http/profile.js [human_comment|human_push|agent_comment] [seconds]`
 * starts the stand-in and `probot run ./lib/index.js` with --cpu-prof, loads it at 10 connections,
 * stops it (SIGTERM: the profile is written on exit) and prints where the time went.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startGitHubStandIn } from "../../lib/sim/github-stand-in.js";
import { agentComment, agentPullRequestOpened, humanComment, humanPush, WORLD } from "../payloads.js";
import { load } from "./load.js";
import { signedWebhooks } from "./signed-webhooks.js";
import { startProbotProcess } from "./start-probot-process.js";

const [workload = "human_comment", seconds = "5"] = process.argv.slice(2);
const builds = {
  human_comment: ["issue_comment", humanComment],
  human_push: ["push", humanPush],
  agent_comment: ["issue_comment", agentComment],
};
const [event, build] = builds[workload] ?? builds.human_comment;
const dir = mkdtempSync(join(tmpdir(), "guardrails-profile-"));
const world = JSON.parse(JSON.stringify(WORLD));
world.files[".github/agent-guardrails.yml"] = world.files[".github/agent-guardrails.yml"].replace(
  /^limits: .*$/m,
  'limits: {"actions_per_hour":10000000,"comments_per_hour":10000000,"pull_requests_per_hour":10000000,"burst":{"actions":10000000,"seconds":60},"repos_per_hour":1000}',
);
const standIn = await startGitHubStandIn(world);
standIn.observe("pull_request", agentPullRequestOpened(42 - 1000));
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const secret = randomBytes(24).toString("hex");
const server = await startProbotProcess({
  app: "./lib/index.js",
  standInPort: standIn.port,
  privateKey,
  secret,
  databaseUrl: join(dir, "profile.db"),
  nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${dir}`],
});
const webhooks = await signedWebhooks({
  secret,
  name: event,
  build,
  distinct: 2000,
  prefix: `profile-${workload}`,
  observe: (n, p) => standIn.observe(n, p),
});
const result = await load({ url: server.url, requests: webhooks.requests, connections: 10, duration: Number(seconds) });
await server.stop();
await standIn.close();
console.log(`${workload}: ${JSON.stringify(result)}`);
const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
const profile = JSON.parse(readFileSync(join(dir, file), "utf8"));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n) =>
  `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.replace(/.*node_modules\//, "").replace(/.*\/lib\//, "lib/")}:${n.callFrame.lineNumber + 1}`;
const self = new Map();
const inclusive = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const t = profile.timeDeltas[i] ?? 0;
  total += t;
  self.set(name(byId.get(id)), (self.get(name(byId.get(id))) ?? 0) + t);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const key = name(byId.get(cur));
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + t);
  }
});
const top = (m, n, keep = () => true) =>
  [...m]
    .filter(([k]) => keep(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, t]) => `${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`)
    .join("\n");
console.log(
  `self time:\n${top(self, 25)}\n\ninclusive, our code:\n${top(inclusive, 60, (k) => k.includes("lib/") && !k.includes("probot/lib") && !k.includes("pino/lib"))}`,
);
