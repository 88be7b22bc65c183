/**
 * The App's webhook deliveries: the log GitHub keeps of every attempt to deliver a webhook to the
 * App's URL, and the redelivery request
 * (https://docs.github.com/rest/apps/webhooks#list-deliveries-for-an-app-webhook).
 *
 * These routes answer only an App's JWT (`Authorization: Bearer <jwt>`), never an installation
 * token: GitHub answers that 401 "A JSON web token could not be decoded" (seen at other `/app`
 * routes, urcomputeringpal/kubevalidator#48). The log lists newest first and pages by an opaque
 * `cursor` in the `Link` header, not by `page`. A redelivery is answered 202 (accepted, queued);
 * the webhook is then re-sent, signed, with the same `X-GitHub-Delivery` guid, and the attempt is
 * logged with `redelivery: true` and the status the receiver answered.
 */
import { createHmac } from "node:crypto";
import { asObject, type JsonObject } from "../json-object.js";
import { notFound, ok } from "./github-replies.js";
import type { Params, Reply, RestRequest, RestRoute } from "./resource.js";
import type { StandInState } from "../stand-in-state.js";

/** Where redeliveries are sent, and the secret they are signed with (the App's webhook settings). */
export interface WebhookTarget {
  url: string;
  secret: string;
}

/** One delivery attempt to record, as a harness saw it happen (or wants GitHub to remember it). */
export interface DeliveryAttempt {
  /** `X-GitHub-Delivery`: the same for an event's first delivery and its redeliveries. */
  guid: string;
  event: string;
  action?: string | null;
  installation_id?: number | null;
  repository_id?: number | null;
  payload: Record<string, unknown>;
  /** What the receiver answered; 0 when it could not be reached. */
  status_code: number;
  /** GitHub's words for the outcome; derived from `status_code` when absent ("OK" for 2xx). */
  status?: string;
  /** Default: the stand-in's clock. */
  delivered_at?: string;
  redelivery?: boolean;
  /** Seconds the receiver took. */
  duration?: number;
}

/** A logged attempt, in the shape of GitHub's `hook-delivery` with its request and response. */
export interface HookDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  duration: number;
  status: string;
  status_code: number;
  event: string;
  action: string | null;
  installation_id: number | null;
  repository_id: number | null;
  throttled_at: null;
  url: string;
  request: { headers: Record<string, string>; payload: Record<string, unknown> };
  response: { headers: Record<string, string>; payload: string | null };
}

/**
 * GitHub's words for an attempt's outcome: "OK" for a 2xx, else what went wrong. Failure is
 * "status is not OK" in GitHub's own recipe
 * (https://docs.github.com/webhooks/using-webhooks/handling-failed-webhook-deliveries).
 */
export function deliveryStatus(statusCode: number): string {
  if (statusCode >= 200 && statusCode < 300) return "OK";
  if (statusCode === 0) return "failed to connect to host";
  return `Invalid HTTP Response: ${statusCode}`;
}

/** The hook-deliveries slice of the stand-in. */
export class HookDeliveries {
  /** Oldest first; listed newest first. */
  readonly log: HookDelivery[] = [];
  /** Where `POST .../attempts` re-sends a webhook; without it a redelivery is logged as unreachable. */
  webhook: WebhookTarget | undefined;
  private nextId = 90_000_000_001;
  private readonly sending = new Set<Promise<void>>();

  /** Logs one attempt; answers the logged delivery. */
  record(attempt: DeliveryAttempt, now: string): HookDelivery {
    const delivery: HookDelivery = {
      id: this.nextId++,
      guid: attempt.guid,
      delivered_at: attempt.delivered_at ?? now,
      redelivery: attempt.redelivery ?? false,
      duration: attempt.duration ?? 0.05,
      status: attempt.status ?? deliveryStatus(attempt.status_code),
      status_code: attempt.status_code,
      event: attempt.event,
      action: attempt.action ?? (typeof attempt.payload.action === "string" ? attempt.payload.action : null),
      installation_id: attempt.installation_id ?? numberAt(attempt.payload, "installation"),
      repository_id: attempt.repository_id ?? numberAt(attempt.payload, "repository"),
      throttled_at: null,
      url: this.webhook?.url ?? "",
      request: { headers: { "X-GitHub-Delivery": attempt.guid, "X-GitHub-Event": attempt.event }, payload: attempt.payload },
      response: { headers: {}, payload: null },
    };
    this.log.push(delivery);
    return delivery;
  }

  /** Resolves when every redelivery asked for so far has been sent and logged. */
  async settled(): Promise<void> {
    while (this.sending.size > 0) await Promise.all([...this.sending]);
  }

  /** Re-sends a logged delivery in the background, as GitHub's queue does after answering 202. */
  redeliver(original: HookDelivery, state: StandInState): void {
    const sent = this.send(original, state).finally(() => this.sending.delete(sent));
    this.sending.add(sent);
  }

  private async send(original: HookDelivery, state: StandInState): Promise<void> {
    const attempt: DeliveryAttempt = {
      guid: original.guid,
      event: original.event,
      action: original.action,
      installation_id: original.installation_id,
      repository_id: original.repository_id,
      payload: original.request.payload,
      redelivery: true,
      status_code: 0,
    };
    const started = Date.now();
    let responseText: string | null = null;
    if (this.webhook !== undefined) {
      const body = JSON.stringify(original.request.payload);
      try {
        const response = await fetch(this.webhook.url, {
          method: "POST",
          headers: webhookHeaders(original, body, this.webhook.secret),
          body,
        });
        attempt.status_code = response.status;
        responseText = await response.text();
      } catch {
        attempt.status_code = 0;
      }
    }
    attempt.duration = (Date.now() - started) / 1000;
    const logged = this.record(attempt, state.now());
    logged.response.payload = responseText;
  }
}

/**
 * The headers GitHub sends with a webhook
 * (https://docs.github.com/webhooks/webhook-events-and-payloads#delivery-headers): the guid, the
 * event and both signatures of the raw body with the webhook secret.
 */
export function webhookHeaders(delivery: Pick<HookDelivery, "guid" | "event">, body: string, secret: string): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/standin",
    "x-github-delivery": delivery.guid,
    "x-github-event": delivery.event,
    "x-github-hook-installation-target-type": "integration",
    "x-hub-signature": `sha1=${createHmac("sha1", secret).update(body).digest("hex")}`,
    "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
  };
}

function numberAt(payload: Record<string, unknown>, key: string): number | null {
  const id = asObject(payload[key])?.id;
  return typeof id === "number" ? id : null;
}

/** A delivery as the list shows it: without its request and response. */
function summary(delivery: HookDelivery): JsonObject {
  const { url: _url, request: _request, response: _response, ...rest } = delivery;
  return rest as unknown as JsonObject;
}

/** The cursor GitHub puts in `Link`: opaque to clients; here, the last listed id. */
const CURSOR = /^v1_(\d+)$/;

/** One page, newest first: `per_page` (default 30, at most 100), from after `cursor`, `status` filtered. */
function listDeliveries(state: StandInState, _params: Params, request: RestRequest): Reply {
  const perPage = Math.min(100, Math.max(1, Number.parseInt(request.query.get("per_page") ?? "30", 10) || 30));
  const before = CURSOR.exec(request.query.get("cursor") ?? "")?.[1];
  const wanted = request.query.get("status");
  const listed = [...state.hookDeliveries.log]
    .reverse()
    .filter((d) => before === undefined || d.id < Number(before))
    .filter((d) => wanted === null || (wanted === "success") === (d.status === "OK"));
  const page = listed.slice(0, perPage);
  const reply = ok(page.map(summary));
  const last = page.at(-1);
  if (listed.length > perPage && last !== undefined && request.url !== undefined) {
    const url = new URL(request.url);
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set("cursor", `v1_${last.id}`);
    reply.headers = { link: `<${url.toString()}>; rel="next"` };
  }
  return reply;
}

function find(state: StandInState, id: string): HookDelivery | undefined {
  return state.hookDeliveries.log.find((d) => String(d.id) === id);
}

/** REST routes of the App's webhook deliveries: App JWT only, no installation permission applies. */
export const hookDeliveryRoutes: RestRoute[] = [
  { method: "GET", pattern: "/app/hook/deliveries", permission: [], appJwt: true, answer: listDeliveries },
  {
    method: "GET",
    pattern: "/app/hook/deliveries/:delivery_id",
    permission: [],
    appJwt: true,
    answer: (state, p) => {
      const delivery = find(state, p.delivery_id as string);
      return delivery ? ok(delivery) : notFound("https://docs.github.com/rest/apps/webhooks#get-a-delivery-for-an-app-webhook");
    },
  },
  {
    method: "POST",
    pattern: "/app/hook/deliveries/:delivery_id/attempts",
    permission: [],
    appJwt: true,
    answer: (state, p) => {
      const delivery = find(state, p.delivery_id as string);
      if (!delivery) return notFound("https://docs.github.com/rest/apps/webhooks#redeliver-a-delivery-for-an-app-webhook");
      state.hookDeliveries.redeliver(delivery, state);
      return { status: 202, body: {} };
    },
  },
];
