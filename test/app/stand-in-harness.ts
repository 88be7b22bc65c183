import { pino } from "pino";
import { Probot } from "probot";
import { unthrottledOctokit } from "../../src/sim/unthrottled-octokit.js";
import { createGuardrails, type Guardrails } from "../../src/create-guardrails.js";
import { startGitHubStandIn, type InvalidRequest, type RecordedRequest, type StandIn } from "../../src/sim/github-stand-in.js";
import type { World } from "../../src/sim/scenario.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";

/** The repository every breaker test runs in; `files` gets the config. */
export function testWorld(config: string): World {
  return {
    owner: "acme",
    repo: "widgets",
    default_branch: "main",
    app: "agent-guardrails[bot]",
    permissions: { maint: "admin", dev: "write", reader: "read" },
    members: ["maint", "dev", "reader"],
    files: { ".github/agent-guardrails.yml": config },
  };
}

/** A virtual clock several app instances and the stand-in can share. */
export interface Clock {
  value: Date;
}

/**
 * The real app in a Probot instance, talking to the GitHub stand-in (which answers multi-step
 * flows — git data, issues lists, GraphQL — consistently and records every request).
 */
export interface StandInApp {
  probot: Probot;
  store: Store;
  guardrails: Guardrails;
  standIn: StandIn;
  now: Clock;
  /** Tells the stand-in what the webhook says (as GitHub would know it), then delivers it. */
  receive(name: string, payload: Record<string, unknown>, id?: string): Promise<void>;
  /** Delivers a webhook the stand-in has already been told about (a late delivery: GitHub moved on since). */
  deliver(name: string, payload: Record<string, unknown>, id?: string): Promise<void>;
  /** Requests sent since `from` (an index into `standIn.requests`). */
  requestsSince(from: number): RecordedRequest[];
  /** Stops the app (and the stand-in it started); throws when the app sent a request GitHub would refuse. */
  close(): Promise<void>;
}

let deliveries = 0;

/**
 * Starts the app against a stand-in; `world` overrides options of `testWorld` (protected
 * branches, a personal account, the installation's permissions). Pass `standIn`, `store` and `now` to run a second replica
 * against the same GitHub and database; what is passed in is not closed by `close()`.
 */
export async function startStandInApp(options: {
  config?: string;
  standIn?: StandIn;
  store?: Store;
  now?: Clock;
  world?: Partial<World>;
  requestTimeoutMs?: number;
}): Promise<StandInApp> {
  const now = options.now ?? { value: new Date("2026-11-20T09:00:00.000Z") };
  const clock = () => new Date(now.value);
  const standIn = options.standIn ?? (await startGitHubStandIn({ ...testWorld(options.config ?? ""), ...options.world }, { clock }));
  const store = options.store ?? (await openStore(":memory:"));
  const log = pino({ level: "silent" });
  const guardrails = createGuardrails({
    store,
    clock,
    appLogin: "agent-guardrails[bot]",
    sweepIntervalMs: 0,
    log,
    ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  });
  const probot = new Probot({
    githubToken: "test-token",
    log,
    Octokit: unthrottledOctokit(standIn.url),
  });
  await probot.load(guardrails.appFn, { cwd: process.cwd(), addHandler: () => {} });
  const deliver = (name: string, payload: Record<string, unknown>, id?: string) =>
    probot.receive({ id: id ?? `breaker-delivery-${++deliveries}`, name, payload } as Parameters<Probot["receive"]>[0]);
  return {
    probot,
    store,
    guardrails,
    standIn,
    now,
    receive: async (name, payload, id) => {
      standIn.observe(name, payload);
      await deliver(name, payload, id);
    },
    deliver,
    requestsSince: (from) => standIn.requests.slice(from),
    close: async () => {
      await guardrails.close();
      if (!options.store) await store.close();
      if (!options.standIn) {
        await standIn.close();
        // Whoever started the stand-in answers for every replica that used it.
        if (standIn.invalid.length > 0) throw new Error(`requests GitHub would refuse:\n${describeInvalid(standIn.invalid).join("\n")}`);
      }
    },
  };
}

/** One line per refused request: `METHOD path: reason`. */
export function describeInvalid(invalid: readonly InvalidRequest[]): string[] {
  return invalid.map((i) => `${i.method} ${i.path}${i.operation ? ` (${i.operation})` : ""}: ${i.reason}`);
}

/** `METHOD path` of each request, GraphQL as `POST /graphql <operation>`: reads like a request log. */
export function describeRequests(requests: readonly RecordedRequest[]): string[] {
  return requests.map((r) => `${r.method} ${r.path}${r.operation ? ` ${r.operation}` : ""}`);
}

/** Requests that change something on GitHub: every non-GET REST call and every GraphQL mutation. */
export function writesOf(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((r) =>
    r.path === "/graphql" ? /^\s*mutation\b/.test(String((r.body as { query?: unknown } | undefined)?.query ?? "")) : r.method !== "GET",
  );
}
