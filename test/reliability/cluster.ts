/**
 * Several real app processes — `probot run ./lib/index.js`, as in production — on one PostgreSQL
 * database, against one GitHub stand-in, receiving signed webhooks over HTTP; each can be killed
 * with SIGKILL and started again on its port. lib/ must be built first (`npm test` does).
 */
import { sign } from "@octokit/webhooks-methods";
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { startGitHubStandIn, type RecordedRequest, type StandIn } from "../../src/sim/github-stand-in.js";
import type { World } from "../../src/sim/scenario.js";
import { freePort } from "../fixtures/free-port.js";
import { postgresDatabase, type TestDatabase } from "../store/store-backends.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** One app process. */
export interface Replica {
  url: string;
  port: number;
  child: ChildProcess | undefined;
  output: string;
}

export interface Cluster {
  standIn: StandIn;
  replicas: Replica[];
  /** Runs SQL against the replicas' database (the same schema). */
  query<T extends Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  /** POSTs a signed webhook to replica `i` (observed by the stand-in first, as GitHub knows it); answers the HTTP status. */
  deliver(i: number, name: string, payload: Record<string, unknown>, id?: string): Promise<number>;
  /** SIGKILL: no drain, no shutdown hook. */
  kill(i: number): Promise<void>;
  start(i: number): Promise<void>;
  /** Polls `check` until it answers true; throws with the replicas' output when `ms` pass. */
  waitFor(what: string, check: () => boolean | Promise<boolean>, ms?: number): Promise<void>;
  /** Mutations and REST writes, by operation or `METHOD path`. */
  writes(): RecordedRequest[];
  close(): Promise<void>;
}

/** Tuning for fast tests: short leases and sweeps, so a crash is recovered within seconds. */
const FAST = {
  MISSED_DELIVERIES_INTERVAL_MS: "1500",
  SWEEP_INTERVAL_MS: "250",
  INBOX_LEASE_MS: "2000",
  INBOX_BACKOFF_MS: "200",
  INBOX_MAX_ATTEMPTS: "5",
  EFFECT_LEASE_MS: "3000",
  EFFECT_BACKOFF_MS: "300",
  REQUEST_TIMEOUT_MS: "1500",
};

export async function startCluster(options: { world: World; replicas: number; env?: Record<string, string> }): Promise<Cluster> {
  if (!existsSync(join(root, "lib/index.js")))
    throw new Error("lib/index.js is missing: build the app first with `npm run build` (`npm test` does it before jest).");
  const standIn = await startGitHubStandIn(structuredClone(options.world));
  const database: TestDatabase = await postgresDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const secret = randomBytes(24).toString("hex");
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const replicas: Replica[] = [];
  for (let i = 0; i < options.replicas; i++) {
    const port = await freePort();
    replicas.push({ url: `http://127.0.0.1:${port}`, port, child: undefined, output: "" });
  }

  const output = () => replicas.map((r, i) => `--- replica ${i}\n${r.output.slice(-6000)}`).join("\n");

  async function start(i: number): Promise<void> {
    const replica = replicas[i]!;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      APP_ID: "1",
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: secret,
      GHE_HOST: `127.0.0.1:${standIn.port}`,
      GHE_PROTOCOL: "http",
      DATABASE_URL: database.url,
      PORT: String(replica.port),
      HOST: "127.0.0.1",
      LOG_FORMAT: "json",
      LOG_LEVEL: "info",
      NODE_ENV: "production",
      ...FAST,
      ...options.env,
    };
    // node itself, not npx: a kill must reach the server, not a wrapper.
    const child = spawn(process.execPath, ["node_modules/probot/bin/probot.js", "run", "./lib/index.js"], {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    replica.child = child;
    child.stdout?.on("data", (chunk: Buffer) => (replica.output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (replica.output += chunk.toString()));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`replica ${i} exited with ${child.exitCode} before listening:\n${replica.output}`);
      try {
        if ((await fetch(`${replica.url}/ping`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`replica ${i} did not listen within 30 s:\n${replica.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function kill(i: number): Promise<void> {
    const child = replicas[i]?.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGKILL");
    await exited;
  }

  // Where GitHub sends redeliveries (a load balancer's address in production): the last replica.
  standIn.useWebhook({ url: `${replicas[replicas.length - 1]!.url}/api/github/webhooks`, secret });
  await Promise.all(replicas.map((_, i) => start(i)));

  return {
    standIn,
    replicas,
    async query(text, values) {
      return (await pool.query(text, values)).rows;
    },
    async deliver(i, name, payload, id = randomUUID()) {
      standIn.observe(name, payload);
      const body = JSON.stringify(payload);
      // GitHub's delivery log records each attempt and what the receiver answered (0: unreachable).
      const record = (status: number) =>
        standIn.recordDelivery({
          guid: id,
          event: name,
          action: typeof payload.action === "string" ? payload.action : null,
          installation_id: 4242,
          repository_id: null,
          payload,
          status_code: status,
        });
      try {
        const response = await fetch(`${replicas[i]!.url}/api/github/webhooks`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-github-event": name,
            "x-github-delivery": id,
            "x-hub-signature-256": await sign(secret, body),
          },
          body,
        });
        await response.text();
        record(response.status);
        return response.status;
      } catch {
        // The replica is down (killed): GitHub records a failed delivery.
        record(0);
        return 0;
      }
    },
    kill,
    start,
    async waitFor(what, check, ms = 30_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        if (await check()) return;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    writes() {
      return standIn.requests.filter((r) =>
        r.path === "/graphql"
          ? /^\s*mutation\b/.test(String((r.body as { query?: unknown } | undefined)?.query ?? ""))
          : r.method !== "GET",
      );
    },
    async close() {
      await Promise.all(replicas.map((_, i) => kill(i)));
      await pool.end();
      await standIn.close();
      await database.drop();
    },
  };
}
