import { generateKeyPairSync } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { ProbotOctokit } from "probot";
import type { StandIn } from "../../src/sim/github-stand-in.js";
import { unthrottledOctokit } from "../../src/sim/unthrottled-octokit.js";

/** One RSA key for every test: generating one takes a moment. */
export const PRIVATE_KEY = generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ type: "pkcs1", format: "pem" })
  .toString();

/** Octokit authenticated as the App itself (a signed JWT, as `probot.auth()` gives it), pointed at the stand-in. */
export function appOctokitFor(standIn: StandIn, options: { retry?: boolean } = {}) {
  const Octokit =
    options.retry === true
      ? ProbotOctokit.defaults({ baseUrl: standIn.url, throttle: { enabled: false } })
      : unthrottledOctokit(standIn.url);
  return new Octokit({ auth: { appId: 1, privateKey: PRIVATE_KEY } });
}

/** A webhook request as the receiver got it. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP server standing for the app's webhook URL: it records each request and answers `status`. */
export async function startReceiver(status = 200) {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(receiver.status, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const receiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`,
    received,
    status,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}
