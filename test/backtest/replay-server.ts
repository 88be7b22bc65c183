import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One recorded REST answer. */
export interface RecordedAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** A recorded history: answers keyed by `GET /path?sorted=query` (scripts/write-backtest-fixture.mjs). */
export interface RecordedHistory {
  since: string;
  answers: Record<string, RecordedAnswer>;
}

/** The replaying GitHub, on 127.0.0.1. */
export interface ReplayServer {
  url: string;
  /** Every request's key, in order. */
  requests: string[];
  /** The Authorization header of each request, in order. */
  authorizations: (string | undefined)[];
  /** Requests no recording answers (each answered 501): a test expects none. */
  unrecorded: string[];
  /** Answers the next request for `key` with `answer` instead of its recording (once). */
  failNext(key: string, answer: RecordedAnswer): void;
  close(): Promise<void>;
}

export function loadRecordedHistory(name: string): RecordedHistory {
  return JSON.parse(readFileSync(new URL(`../fixtures/backtest/${name}`, import.meta.url), "utf8")) as RecordedHistory;
}

/** The key of a request as the fixture records it: path decoded, query parameters sorted and decoded. */
export function requestKey(method: string, rawUrl: string): string {
  const url = new URL(rawUrl, "http://127.0.0.1");
  const query = [...url.searchParams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${method} ${decodeURIComponent(url.pathname)}${query.length > 0 ? `?${query.map(([k, v]) => `${k}=${v}`).join("&")}` : ""}`;
}

/**
 * Serves a recorded history as GitHub serves its REST API: the recorded status, headers (Link
 * with `{base}` made this server's address) and JSON body, plus the rate-limit headers GitHub
 * sends on every answer, the remaining quota counting down.
 */
export async function startReplayServer(history: RecordedHistory): Promise<ReplayServer> {
  const requests: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const unrecorded: string[] = [];
  const failures = new Map<string, RecordedAnswer>();
  let remaining = 5000;
  let base = "";
  const server = createServer((req, res) => {
    const key = requestKey(req.method ?? "GET", req.url ?? "/");
    requests.push(key);
    authorizations.push(req.headers.authorization);
    remaining = Math.max(0, remaining - 1);
    const injected = failures.get(key);
    if (injected) failures.delete(key);
    const answer = injected ?? history.answers[key];
    if (!answer) unrecorded.push(key);
    const { status, headers, body } = answer ?? { status: 501, headers: {}, body: { message: `no recorded answer for ${key}` } };
    const rate = {
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": String(remaining),
      "x-ratelimit-used": String(5000 - remaining),
      "x-ratelimit-reset": "1795000000",
      "x-ratelimit-resource": "core",
    };
    const out: Record<string, string> = { "content-type": "application/json; charset=utf-8", ...rate };
    for (const [name, value] of Object.entries(headers)) out[name] = value.replaceAll("{base}", base);
    res.writeHead(status, out);
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    authorizations,
    unrecorded,
    failNext: (key, answer) => failures.set(key, answer),
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
