/**
 * One real server process, as production runs it: `node node_modules/probot/bin/probot.js run APP`
 * (node itself, not npx, so that the pid we measure and stop is the server's), configured only
 * through the environment Probot documents (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GHE_HOST,
 * GHE_PROTOCOL, PORT, HOST, LOG_LEVEL) plus our DATABASE_URL, pointed at the GitHub stand-in.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { get } from "node:http";
import { createServer } from "node:net";
import { clearTimeout, setTimeout } from "node:timers";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath, URL } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A free loopback port (closed again before the server binds it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no free port"))));
    });
  });
}

/** Whether GET `url` answers 200 (false while the server is not listening yet). */
function answers(url) {
  return new Promise((resolve) => {
    get(url, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    }).on("error", () => resolve(false));
  });
}

/** Resident set size of a Linux process in bytes (VmRSS of /proc/PID/status); NaN elsewhere. */
export function rssOf(pid) {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * Starts `probot run <app>` and resolves once GET /ping answers.
 * @param {{ app: string, standInPort: number, privateKey: string, secret: string, databaseUrl?: string, env?: Record<string, string>, nodeArgs?: string[] }} options
 * @returns {Promise<{ url: string, pid: number, rss(): number, output(): string, stop(): Promise<void> }>}
 */
export async function startProbotProcess({ app, standInPort, privateKey, secret, databaseUrl, env = {}, nodeArgs = [] }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const childEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    APP_ID: "1",
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: secret,
    GHE_HOST: `127.0.0.1:${standInPort}`,
    GHE_PROTOCOL: "http",
    LOG_LEVEL: "warn",
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  };
  const child = spawn(process.execPath, [...nodeArgs, "node_modules/probot/bin/probot.js", "run", app], {
    cwd: ROOT,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Keep the tail only: a 100k-event run at warn level can still log a lot (deferred writes).
  let output = "";
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  // A bench stopped half-way (Ctrl-C, an error) leaves no server behind.
  const orphanGuard = () => child.kill("SIGKILL");
  process.once("exit", orphanGuard);
  void exited.then(() => process.off("exit", orphanGuard));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode} before listening:\n${output}`);
    if (await answers(`${url}/ping`)) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${app} did not listen on ${url} within 30 s:\n${output}`);
    }
    await sleep(100);
  }

  return {
    url,
    pid: child.pid,
    rss: () => rssOf(child.pid),
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      // Our app drains deliveries in flight for up to 9 s on SIGTERM; then it is killed.
      const timer = setTimeout(() => child.kill("SIGKILL"), 12_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
