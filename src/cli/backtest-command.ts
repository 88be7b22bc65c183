import { readFile } from "node:fs/promises";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { Octokit } from "@octokit/rest";
import { pino, type Logger } from "pino";
import { honourRateLimits } from "../backtest/honour-rate-limits.js";
import { parseSince } from "../backtest/parse-since.js";
import { BacktestReadError, readHistory } from "../backtest/read-history.js";
import { renderBacktest } from "../backtest/render-backtest.js";
import { runBacktest } from "../backtest/run-backtest.js";
import { readGitHubToken } from "../runtime-env.js";
import { printable } from "../text/printable.js";
import type { TextOutput } from "./simulate-command.js";

export const BACKTEST_USAGE = `usage: agent-guardrails backtest --repo OWNER/NAME [--since 7d] [--agent LOGIN ...] [--json]
                                 [--token-file FILE] [--api-url URL]

Reads the repository's recent history through GitHub's REST API (reads only), replays it through
the app in observe mode against a local stand-in, and reports per agent what the guardrails would
have done: gated pull requests, hidden and held comments, flagged issues, breaker trips and what
containment would have reached, and which other accounts acted at machine pace.

  --repo OWNER/NAME   the repository (required)
  --since SPAN|DATE   how far back: 90m, 24h, 7d, 2w, or an ISO date or time (default 7d)
  --agent LOGIN       count LOGIN as an agent too (repeatable), besides the config's and the
                      well-known coding agents
  --json              print the report as one JSON object
  --token-file FILE   read the token from FILE (default: the GITHUB_TOKEN environment variable)
  --api-url URL       the REST API's base URL (GitHub Enterprise Server: https://HOST/api/v3)

Exit codes: 0 report printed, 1 failure (API error, unreadable repository), 2 bad usage.
`;

/** backtest's options, as util.parseArgs takes them. */
export const BACKTEST_OPTIONS = {
  repo: { type: "string" },
  since: { type: "string" },
  agent: { type: "string", multiple: true },
  json: { type: "boolean" },
  "token-file": { type: "string" },
  "api-url": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

/** What the command reads from its surroundings; tests replace them. */
export interface BacktestDeps {
  env?: NodeJS.ProcessEnv;
  /** Real waits between rate-limited requests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  log?: Logger;
}

/**
 * `agent-guardrails backtest --repo o/r [--since 7d]` (docs/backtest.md). Progress goes to
 * stderr, and only when it is a terminal; the report to stdout (a table, or one JSON object
 * with --json). Returns the exit code: 0 printed, 1 failed, 2 bad usage.
 */
export async function backtestCommand(argv: string[], out: TextOutput, err: TextOutput, deps: BacktestDeps = {}): Promise<number> {
  let values: {
    repo?: string;
    since?: string;
    agent?: string[];
    json?: boolean;
    "token-file"?: string;
    "api-url"?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: BACKTEST_OPTIONS,
      allowPositionals: false,
    }));
  } catch (error) {
    err.write(`${(error as Error).message}\n\n${BACKTEST_USAGE}`);
    return 2;
  }
  if (values.help) {
    out.write(BACKTEST_USAGE);
    return 0;
  }
  const usage = (message: string) => {
    err.write(`agent-guardrails backtest: ${message}\n\n${BACKTEST_USAGE}`);
    return 2;
  };
  const match = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/.exec(values.repo ?? "");
  if (!match)
    return usage(
      values.repo === undefined ? "--repo OWNER/NAME is required" : `--repo must be OWNER/NAME (got "${printable(values.repo)}")`,
    );
  const [, owner, repo] = match as unknown as [string, string, string];
  const now = deps.now ?? (() => new Date());
  const until = now();
  const since = parseSince(values.since ?? "7d", until);
  if (since === null)
    return usage(`--since must be a span such as 7d, 24h, 90m, 2w or a past ISO date (got "${printable(values.since ?? "")}")`);
  const agents = values.agent ?? [];
  for (const login of agents)
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*(\[bot\])?$/.test(login)) return usage(`--agent must be a GitHub login (got "${printable(login)}")`);
  let baseUrl = "https://api.github.com";
  if (values["api-url"] !== undefined) {
    let url: URL;
    try {
      url = new URL(values["api-url"]);
    } catch {
      return usage(`--api-url must be a URL (got "${printable(values["api-url"])}")`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return usage("--api-url must be an http or https URL");
    baseUrl = url.toString().replace(/\/+$/, "");
  }

  let token: string | undefined;
  if (values["token-file"] !== undefined) {
    try {
      token = (await readFile(values["token-file"], "utf8")).trim();
    } catch (error) {
      err.write(
        `agent-guardrails backtest: cannot read the token file ${printable(values["token-file"])}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`,
      );
      return 1;
    }
    if (token === "") {
      err.write(`agent-guardrails backtest: the token file ${printable(values["token-file"])} is empty\n`);
      return 1;
    }
  } else token = readGitHubToken(deps.env ?? process.env);

  const progress = progressLine(err);
  const octokit = new Octokit({
    ...(token !== undefined ? { auth: token } : {}),
    baseUrl,
    userAgent: "agent-guardrails-backtest",
    // Octokit's own warnings would interleave with the report; failures surface as errors here.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  honourRateLimits(octokit, {
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    now: () => now().getTime(),
    onWait: (ms, why) => progress(`waiting ${Math.ceil(ms / 1000)}s: ${why}`),
  });

  let report;
  try {
    const history = await readHistory(octokit, { owner, repo, since, until, onProgress: progress });
    progress(`replaying ${owner}/${repo} in observe mode`);
    const log = deps.log ?? pino({ level: (deps.env ?? process.env).LOG_LEVEL ?? "silent" }, pino.destination({ dest: 2, sync: true }));
    report = await runBacktest(history, { agents, log });
    if (token === undefined) report.notes.push("no token given: read without one (60 requests an hour, public repositories only)");
  } catch (error) {
    progress.done();
    err.write(`agent-guardrails backtest: ${describeFailure(error)}\n`);
    return 1;
  }
  progress.done();
  out.write(values.json ? `${JSON.stringify(report)}\n` : renderBacktest(report));
  return 0;
}

/** A progress line rewritten in place on a terminal; nothing at all when stderr is a file or a pipe. */
function progressLine(err: TextOutput): ((text: string) => void) & { done(): void } {
  const tty = (err as { isTTY?: boolean }).isTTY === true;
  let shown = false;
  const show = (text: string) => {
    if (!tty) return;
    err.write(`\r\x1b[K${printable(text, 100)}`);
    shown = true;
  };
  return Object.assign(show, {
    done: () => {
      if (shown) err.write("\r\x1b[K");
      shown = false;
    },
  });
}

function describeFailure(error: unknown): string {
  if (error instanceof BacktestReadError) return error.message;
  const e = error as { status?: number; message?: string; request?: { method?: string; url?: string } };
  if (typeof e.status === "number" && e.request?.url !== undefined) {
    // The URL carries no token (it travels in a header); the message is GitHub's.
    return `GitHub answered ${e.status} to ${e.request.method ?? "GET"} ${printable(e.request.url, 300)}: ${printable(e.message ?? "", 300)}`;
  }
  return printable(error instanceof Error ? error.message : String(error), 400);
}
