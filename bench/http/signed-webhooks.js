/**
 * Signed webhook requests for autocannon. Bodies are built and signed before the load starts
 * (with @octokit/webhooks-methods' `sign`, as GitHub signs: HMAC-SHA256 of the exact body), so the
 * load generator, which shares the machine with the server, spends its time sending, not hashing.
 * The signature covers the body only, so each request gets a fresh X-GitHub-Delivery id from
 * autocannon's `setupRequest` hook while bodies repeat after `distinct` requests.
 */
import { sign } from "@octokit/webhooks-methods";

/**
 * @param {{ secret: string, name: string, build: (i: number) => object, distinct: number, prefix: string, observe?: (name: string, payload: object) => void }} options
 *   `observe` is told every payload first, so that the GitHub stand-in knows the comments the app may hide.
 * @returns {Promise<{ requests: object[], sent(): number }>} autocannon's `requests` option and a counter of requests set up
 */
export async function signedWebhooks({ secret, name, build, distinct, prefix, observe }) {
  const bodies = [];
  for (let i = 0; i < distinct; i++) {
    const payload = build(i);
    observe?.(name, payload);
    const body = JSON.stringify(payload);
    bodies.push({ body, signature: await sign(secret, body) });
  }
  let n = 0;
  const setupRequest = (request) => {
    const { body, signature } = bodies[n % bodies.length];
    const id = `${prefix}-${n++}`;
    request.method = "POST";
    request.path = "/api/github/webhooks";
    request.headers = {
      "content-type": "application/json",
      "x-github-event": name,
      "x-github-delivery": id,
      "x-hub-signature-256": signature,
    };
    request.body = body;
    return request;
  };
  return { requests: [{ setupRequest }], sent: () => n };
}
