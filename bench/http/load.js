/**
 * One autocannon run over loopback, summarised: answer throughput (2xx responses per second) and
 * HTTP response time percentiles. Whatever the server does after answering is not in these numbers.
 */
import autocannon from "autocannon";

/**
 * @param {{ url: string, requests: object[], connections: number, duration?: number, amount?: number }} options
 */
export async function load({ url, requests, connections, duration, amount }) {
  // autocannon refuses more connections than requests (a tiny flood in the test).
  if (amount !== undefined) connections = Math.min(connections, amount);
  const result = await autocannon({
    url,
    connections,
    requests,
    ...(amount !== undefined ? { amount } : { duration }),
    // A slow answer is a measurement, not an error: well past the 10 s GitHub waits for a webhook.
    timeout: 30,
  });
  const ok = result["2xx"];
  return {
    connections,
    seconds: result.duration,
    requests: result.requests.total,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    reqPerSec: ok / result.duration,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  };
}
