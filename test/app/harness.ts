import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect } from "@jest/globals";
import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import type { InvalidRequest } from "../../src/sim/github-stand-in.js";
import { unthrottledOctokit } from "../../src/sim/unthrottled-octokit.js";
import { validatingPlugin } from "../../src/sim/validating-plugin.js";
import { createGuardrails, type Guardrails } from "../../src/create-guardrails.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";

export const API = "https://api.github.com";

/** A request the app sent, as nock saw it. */
export interface SentRequest {
  method: string;
  path: string;
  body?: unknown;
}

/** The app loaded in a Probot instance, with a temp SQLite store and a settable clock. */
export interface TestApp {
  probot: Probot;
  store: Store;
  guardrails: Guardrails;
  sent: SentRequest[];
  /** Requests the app sent that GitHub would refuse (checked against its REST description and GraphQL schema): must stay empty. */
  invalid: InvalidRequest[];
  now: { value: Date };
  receive(name: string, payload: object, id?: string): Promise<void>;
  close(): Promise<void>;
}

let deliveries = 0;

/**
 * Loads the real app through Probot with GitHub faked by nock (throttling and retries off, as
 * probot#2039 requires). Every request the app sends is appended to `sent`, in order; one GitHub
 * would refuse is also listed in `invalid`.
 */
export async function createTestApp(): Promise<TestApp> {
  const dir = await mkdtemp(join(tmpdir(), "guardrails-app-"));
  const store = await openStore(join(dir, "app.db"));
  const now = { value: new Date("2026-11-20T09:00:00Z") };
  const log = pino({ level: "silent" });
  const guardrails = createGuardrails({
    store,
    clock: () => new Date(now.value),
    appLogin: "agent-guardrails[bot]",
    sweepIntervalMs: 0,
    log,
  });
  const invalid: InvalidRequest[] = [];
  const probot = new Probot({
    githubToken: "test-token",
    log,
    // nock answers whatever a test scripted: the plugin checks what the app sends as GitHub would.
    Octokit: unthrottledOctokit().plugin(validatingPlugin((request) => invalid.push(request))),
  });
  await probot.load(guardrails.appFn, { cwd: process.cwd(), addHandler: () => {} });
  const sent: SentRequest[] = [];
  return {
    probot,
    store,
    guardrails,
    sent,
    invalid,
    now,
    receive: (name, payload, id) =>
      probot.receive({ id: id ?? `delivery-${++deliveries}`, name, payload } as Parameters<Probot["receive"]>[0]),
    close: async () => {
      await guardrails.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Records a request into `sent` and answers it. */
export function recorder(sent: SentRequest[], status: number, reply: unknown = {}, headers: Record<string, string> = {}) {
  return function (this: { req: { method: string; path: string } }, uri: string, body: unknown): [number, unknown, Record<string, string>] {
    sent.push({ method: this.req.method, path: decodeURIComponent(uri), ...(body !== "" && body !== undefined ? { body } : {}) });
    return [status, reply, headers];
  };
}

/** Serves the config file (and a 404 for the org's `.github` file). */
export function serveConfig(sent: SentRequest[], yaml: string | null, orgYaml: string | null = null): void {
  const raw = { "content-type": "application/vnd.github.raw; charset=utf-8" };
  nock(API)
    .get("/repos/acme/widgets/contents/.github%2Fagent-guardrails.yml")
    .reply(recorder(sent, yaml === null ? 404 : 200, yaml ?? { message: "Not Found" }, yaml === null ? {} : raw));
  nock(API)
    .get("/repos/acme/.github/contents/.github%2Fagent-guardrails.yml")
    .reply(recorder(sent, orgYaml === null ? 404 : 200, orgYaml ?? { message: "Not Found" }, orgYaml === null ? {} : raw));
}

export const CONFIG = [
  "owner: maint",
  `agents: ["copilot-swe-agent[bot]", "Copilot"]`,
  "approvers: write",
  "scope: { paths: ['**'], protected: ['.github/**'] }",
].join("\n");

/**
 * A fresh app per test with GitHub faked by nock (no real network): after each test, every
 * interceptor must have been used. Returns a getter for the current test's app.
 */
export function useNockApp(): () => TestApp {
  let app: TestApp | undefined;
  beforeEach(async () => {
    nock.disableNetConnect();
    app = await createTestApp();
  });
  afterEach(async () => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    await app?.close();
    expect(pending).toEqual([]);
    expect(app?.invalid).toEqual([]);
  });
  return () => app!;
}
