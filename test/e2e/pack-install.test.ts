/**
 * The package as a user gets it: `npm pack` (prepare builds lib/), `npm install --omit=dev` of the
 * tarball in an empty folder, then `agent-guardrails start` from the installed package — no
 * compiler, no devDependencies — against the GitHub stand-in, receiving one signed webhook. The
 * store is PostgreSQL (a schema of its own), so that the install skips native builds
 * (`--ignore-scripts`: better-sqlite3 would compile for a minute). Also: without credentials the
 * setup page proposes the webhook URL at the path the app serves.
 */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { sign } from "@octokit/webhooks-methods";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startGitHubStandIn, type StandIn } from "../../src/sim/github-stand-in.js";
import type { World } from "../../src/sim/scenario.js";
import { freePort } from "../fixtures/free-port.js";
import { accounts, pullRequestEvent } from "../fixtures/webhook-examples.js";
import { postgresDatabase, type TestDatabase } from "../store/store-backends.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
const secret = randomBytes(24).toString("hex");
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

const world: World = {
  owner: "acme",
  repo: "widgets",
  default_branch: "main",
  app: "agent-guardrails[bot]",
  permissions: { maint: "admin", dev: "write", "copilot-swe-agent[bot]": "write" },
  members: ["maint", "dev"],
  files: {
    ".github/agent-guardrails.yml": [
      "mode: enforce",
      "owner: maint",
      'agents: ["copilot-swe-agent[bot]", "Copilot"]',
      "policy: { pull_request: draft }",
      "",
    ].join("\n"),
  },
};

let folder: string;
let installed: string;
let standIn: StandIn;
let database: TestDatabase;
const children: ChildProcess[] = [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "agent-guardrails-pack-"));
  await run("npm", ["pack", "--pack-destination", folder], { cwd: root });
  const tarball = readdirSync(folder).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack wrote no tarball");
  const app = join(folder, "app");
  rmSync(app, { recursive: true, force: true });
  await run("mkdir", ["-p", app]);
  writeFileSync(join(app, "package.json"), '{ "private": true }\n');
  await run("npm", ["install", "--omit=dev", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", join(folder, tarball)], {
    cwd: app,
  });
  installed = join(app, "node_modules", "agent-guardrails");
  standIn = await startGitHubStandIn(structuredClone(world));
  database = await postgresDatabase();
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await standIn?.close();
  await database?.drop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Starts `agent-guardrails start` from the installed package, waiting until it answers `path`. */
async function start(env: NodeJS.ProcessEnv, cwd: string, path: string): Promise<{ url: string; logs: () => string }> {
  const port = await freePort();
  const bin = join(folder, "app", "node_modules", ".bin", "agent-guardrails");
  const child = spawn(process.execPath, [bin, "start"], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let logs = "";
  child.stdout?.on("data", (chunk: Buffer) => (logs += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (logs += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${logs}`);
    if (
      await fetch(url + path).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, logs: () => logs };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`did not answer ${path} within 20 s:\n${logs}`);
}

describe("the installed package", () => {
  test("ships the built app and what it reads at run time, without the sources", () => {
    for (const file of [
      "lib/index.js",
      "lib/cli/start-command.js",
      "bin/agent-guardrails.js",
      "app.yml",
      "src/sim/spec/rest-operations.json",
      "schema/agent-guardrails.schema.json",
      "README.md",
      "LICENSE",
      "CHANGELOG.md",
      "docs/deploy.md",
      ".env.example",
    ]) {
      expect([file, existsSync(join(installed, file))]).toEqual([file, true]);
    }
    expect(existsSync(join(installed, "src/index.ts"))).toBe(false);
    expect(existsSync(join(folder, "app/node_modules/typescript"))).toBe(false);
  });

  test("starts, says what runs in one line, and drafts an agent's PR from a signed webhook", async () => {
    const app = await start(
      {
        NODE_ENV: "production",
        LOG_FORMAT: "json",
        APP_ID: "1",
        PRIVATE_KEY: privateKey,
        WEBHOOK_SECRET: secret,
        APP_SLUG: "agent-guardrails",
        GHE_HOST: `127.0.0.1:${standIn.port}`,
        GHE_PROTOCOL: "http",
        DATABASE_URL: database.url,
      },
      join(folder, "app"),
      "/healthz",
    );
    expect(app.logs()).toMatch(
      /agent-guardrails 0\.\d+\.\d+: store postgres 127\.0\.0\.1:5432\/\w+, sweep every 30000 ms, bot agent-guardrails\[bot\], webhooks at \/api\/github\/webhooks/,
    );
    expect(app.logs()).not.toContain("postgres@");

    const payload = pullRequestEvent("opened", accounts.agent);
    standIn.observe("pull_request", payload);
    const body = JSON.stringify(payload);
    const response = await fetch(`${app.url}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "pull_request",
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": await sign(secret, body),
      },
      body,
    });
    expect(response.status).toBeLessThan(300);
    const deadline = Date.now() + 20_000;
    while (!standIn.requests.some((r) => r.operation === "convertPullRequestToDraft") && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(standIn.requests.find((r) => r.operation === "convertPullRequestToDraft")).toMatchObject({ method: "POST", path: "/graphql" });
    expect(standIn.invalid).toEqual([]);
  }, 40_000);

  test("refuses production without a webhook secret in one line", async () => {
    const result = await run(process.execPath, [join(folder, "app/node_modules/.bin/agent-guardrails"), "start"], {
      cwd: join(folder, "app"),
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        APP_ID: "1",
        PRIVATE_KEY: privateKey,
        WEBHOOK_SECRET: "",
        DATABASE_URL: database.url,
      },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "agent-guardrails start: invalid environment: WEBHOOK_SECRET must be set to the GitHub App's webhook secret in production (refusing to start)\n",
    );
  });

  test("without credentials, the setup page proposes the webhook URL at the path the app serves", async () => {
    const setup = await start({ NODE_ENV: "development", NO_SMEE_SETUP: "true", LOG_FORMAT: "json" }, installed, "/probot");
    const page = await (await fetch(`${setup.url}/probot`)).text();
    const manifest = /name="manifest"[^>]*value='([^']*)'|value="([^"]*)"[^>]*name="manifest"/.exec(page);
    const json = (manifest?.[1] ?? manifest?.[2] ?? "")
      .replace(/&quot;/g, '"')
      .replace(/&#34;/g, '"')
      .replace(/&amp;/g, "&");
    expect(JSON.parse(json)).toMatchObject({
      name: "agent-guardrails",
      hook_attributes: { url: `${setup.url}/api/github/webhooks` },
      default_permissions: { checks: "write" },
    });
  });
});
