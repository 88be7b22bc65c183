/**
 * The HTTP bench's knobs, from the environment. The defaults give the real figures (minutes of
 * real time: the flood waits on GitHub's write pace); small values make a quick development run.
 *
 *   BENCH_HTTP=0                  skip the HTTP bench entirely
 *   BENCH_HTTP_SECONDS=10         each measured throughput run
 *   BENCH_HTTP_WARMUP_SECONDS=2   un-measured load before each measured run
 *   BENCH_FLOOD=500               agent comments in the flood (0 skips it)
 *   BENCH_FLOOD_TIMEOUT_S=1200    give up waiting for zero visible comments after this
 *   BENCH_RSS_EVENTS=1000,100000  RSS readings after these many events (ascending)
 *   BENCH_HTTP_OUT=FILE           write the JSON report there instead of bench/results/http-latest.json
 *   BENCH_HTTP_PHASES=human,agent,rss,flood   which phases run (a rerun of one, e.g. flood)
 *   SWEEP_INTERVAL_MS             passed to our app unchanged (its outbox sweep; default 30 s)
 */
/** The phases, in the order they run (bench/http/run-http-bench.js). */
export const PHASES = ["human", "agent", "rss", "flood"];

function number(env, key, fallback) {
  const text = env[key];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${key} must be a non-negative number, got ${JSON.stringify(text)}`);
  return value;
}

/** @param {Record<string, string | undefined>} env */
export function httpSettings(env = process.env) {
  const rssEvents = (env.BENCH_RSS_EVENTS ?? "1000,100000")
    .split(",")
    .filter((s) => s.trim() !== "")
    .map((s) => Number(s));
  if (rssEvents.some((n) => !Number.isInteger(n) || n <= 0) || rssEvents.some((n, i) => i > 0 && n <= rssEvents[i - 1])) {
    throw new Error(`BENCH_RSS_EVENTS must be ascending positive integers, got ${JSON.stringify(env.BENCH_RSS_EVENTS)}`);
  }
  const phases = (env.BENCH_HTTP_PHASES ?? PHASES.join(",")).split(",").filter((s) => s.trim() !== "");
  const unknown = phases.filter((p) => !PHASES.includes(p));
  if (unknown.length > 0) throw new Error(`BENCH_HTTP_PHASES: unknown phase ${unknown.join(", ")} (known: ${PHASES.join(", ")})`);
  return {
    enabled: env.BENCH_HTTP !== "0",
    phases,
    seconds: number(env, "BENCH_HTTP_SECONDS", 10),
    warmUpSeconds: number(env, "BENCH_HTTP_WARMUP_SECONDS", 2),
    flood: Math.floor(number(env, "BENCH_FLOOD", 500)),
    floodTimeoutSeconds: number(env, "BENCH_FLOOD_TIMEOUT_S", 1200),
    rssEvents,
    // The missed-delivery job lists GitHub's delivery log every few minutes, for the process, not
    // per event: off, so that a workload's GitHub requests are its events' own.
    appEnv: { MISSED_DELIVERIES_INTERVAL_MS: "0", ...(env.SWEEP_INTERVAL_MS ? { SWEEP_INTERVAL_MS: env.SWEEP_INTERVAL_MS } : {}) },
  };
}
