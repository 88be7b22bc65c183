import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { BodyTooLargeError, MAX_WEBHOOK_BYTES, readCappedBody } from "./read-capped-body.js";

/** One signed delivery, as the receiver hands it on. */
export interface ReceivedDelivery {
  id: string;
  name: string;
  /** The body as received (JSON text, not parsed yet). */
  body: string;
}

export interface WebhookReceiverOptions {
  /** The webhook path (`/api/github/webhooks` unless WEBHOOK_PATH says otherwise). */
  path: string;
  /** Checks `X-Hub-Signature-256` against the body with the webhook secret. */
  verify(body: string, signature: string): Promise<boolean>;
  /** Persists a delivery of a watched event: true when new, false when already received. Must not wait on GitHub. */
  persist(delivery: ReceivedDelivery): Promise<boolean>;
  /** Whether the event is one the inbox keeps; others (installation, ping) go to `forward`. */
  watched(name: string): boolean;
  /** Events the inbox does not keep: handled in memory (no GitHub write). */
  forward(delivery: ReceivedDelivery): Promise<void>;
  log: Logger;
  maxBytes?: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

const JSON_TYPE = /^\s*application\/json\s*(?:;|$)/iu;

/**
 * The request path, in this order: refuse a body over GitHub's 25 MB cap before reading it,
 * read it, verify the signature, persist the delivery in one short write, answer 2xx. Nothing
 * waits on GitHub: processing runs from the inbox after the answer, so a slow GitHub or a paced
 * write never reaches GitHub's 10 s delivery timeout, and a crash after the answer loses nothing.
 *
 * It replaces Probot's webhook middleware (which buffers the whole body before verifying it and
 * answers only after every handler finished) on the same path, with the same answers for bad
 * requests: 415 for a non-JSON body, 400 for missing headers or a bad signature.
 */
export function createWebhookReceiver(options: WebhookReceiverOptions): Handler {
  const maxBytes = options.maxBytes ?? MAX_WEBHOOK_BYTES;
  return async (req, res) => {
    const pathname = (req.url ?? "").split("?")[0]!.replace(/\/+$/u, "") || "/";
    if (pathname !== options.path.replace(/\/+$/u, "")) return false;
    const reply = (status: number, text: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "text/plain", ...extra }).end(`${text}\n`);
      return true;
    };
    if (req.method !== "POST") return reply(404, `Unknown route: ${req.method ?? ""} ${pathname}`);
    const contentType = req.headers["content-type"];
    if (typeof contentType !== "string" || !JSON_TYPE.test(contentType)) {
      req.resume();
      return reply(415, 'Unsupported "Content-Type" header value. Must be "application/json"');
    }
    const name = header(req, "x-github-event");
    const signature = header(req, "x-hub-signature-256");
    const id = header(req, "x-github-delivery");
    const missing = [
      name === undefined && "x-github-event",
      signature === undefined && "x-hub-signature-256",
      (id === undefined || id.trim() === "") && "x-github-delivery",
    ].filter(Boolean);
    const log = options.log.child({ deliveryId: id, event: name });
    if (missing.length > 0) {
      req.resume();
      log.warn({ missing }, "webhook refused: required headers missing (nothing stored)");
      return reply(400, `Required headers missing: ${missing.join(", ")}`);
    }
    let body: string;
    try {
      body = (await readCappedBody(req, maxBytes)).toString("utf8");
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        log.warn({ limit: maxBytes, declared: req.headers["content-length"] }, "webhook refused: body over the size cap (not read)");
        return reply(413, error.message, { connection: "close" });
      }
      throw error;
    }
    if (!(await options.verify(body, signature!).catch(() => false))) {
      log.warn("webhook refused: signature does not match the body and secret (nothing stored)");
      return reply(400, "signature does not match event payload and secret");
    }
    const delivery = { id: id!, name: name!, body };
    if (!options.watched(name!)) {
      await options.forward(delivery);
      return reply(200, "ok");
    }
    let fresh: boolean;
    try {
      fresh = await options.persist(delivery);
    } catch (error) {
      // Not stored, so not answered 2xx: GitHub records a failed delivery, which the missed-delivery
      // sweep asks it to send again.
      log.error({ err: error instanceof Error ? error.message : String(error) }, "webhook not stored: the store failed");
      return reply(503, "store unavailable");
    }
    return fresh ? reply(202, "accepted") : reply(200, "already received");
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
