import { afterAll, beforeAll, beforeEach, describe, expect, test } from "@jest/globals";
import { sign, verify } from "@octokit/webhooks-methods";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { pino } from "pino";
import { MAX_WEBHOOK_BYTES } from "../../src/inbox/read-capped-body.js";
import { createWebhookReceiver, type ReceivedDelivery } from "../../src/inbox/webhook-receiver.js";

const SECRET = "receiver-test-secret";
const SMALL_CAP = 64 * 1024;
let persisted: ReceivedDelivery[] = [];
let forwarded: ReceivedDelivery[] = [];
let storeFails = false;
const servers: Server[] = [];
let url: string;
let smallCapUrl: string;

async function serve(maxBytes?: number): Promise<string> {
  const receiver = createWebhookReceiver({
    path: "/api/github/webhooks",
    verify: (body, signature) => verify(SECRET, body, signature),
    watched: (name) => name !== "installation",
    persist: async (delivery) => {
      if (storeFails) throw new Error("database is locked");
      const fresh = !persisted.some((p) => p.id === delivery.id);
      if (fresh) persisted.push(delivery);
      return fresh;
    },
    forward: async (delivery) => {
      forwarded.push(delivery);
    },
    log: pino({ level: "silent" }),
    ...(maxBytes === undefined ? {} : { maxBytes }),
  });
  const server = createServer((req, res) => {
    void receiver(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  url = await serve();
  smallCapUrl = await serve(SMALL_CAP);
});
afterAll(async () => {
  for (const s of servers) await new Promise((resolve) => s.close(resolve));
});
beforeEach(() => {
  persisted = [];
  forwarded = [];
  storeFails = false;
});

async function post(target: string, body: string, headers: Record<string, string | undefined>): Promise<{ status: number; text: string }> {
  const defined = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>;
  const res = await fetch(`${target}/api/github/webhooks`, { method: "POST", body, headers: defined });
  return { status: res.status, text: await res.text() };
}

async function signed(body: string, id = "d-1", event = "issue_comment"): Promise<Record<string, string>> {
  return {
    "content-type": "application/json",
    "x-github-event": event,
    "x-github-delivery": id,
    "x-hub-signature-256": await sign(SECRET, body),
  };
}

describe("the request path: cap, verify, persist, answer", () => {
  const body = JSON.stringify({ action: "created", comment: { body: "hello" } });

  test("a signed delivery is persisted with its body as received and answered 202", async () => {
    expect(await post(url, body, await signed(body))).toEqual({ status: 202, text: "accepted\n" });
    expect(persisted).toEqual([{ id: "d-1", name: "issue_comment", body }]);
  });

  test("the same delivery again (a redelivery, or a second replica's copy) is answered 200 and stored once", async () => {
    await post(url, body, await signed(body));
    expect((await post(url, body, await signed(body))).status).toBe(200);
    expect(persisted).toHaveLength(1);
  });

  test("a bad signature is refused with 400 and nothing is stored", async () => {
    const headers = { ...(await signed(body)), "x-hub-signature-256": await sign("another-secret", body) };
    expect((await post(url, body, headers)).status).toBe(400);
    expect(persisted).toEqual([]);
  });

  test("a missing or empty delivery id, event or signature is refused with 400", async () => {
    for (const missing of ["x-github-delivery", "x-github-event", "x-hub-signature-256"]) {
      const headers: Record<string, string | undefined> = { ...(await signed(body)), [missing]: undefined };
      expect([missing, (await post(url, body, headers)).status]).toEqual([missing, 400]);
    }
    expect((await post(url, body, { ...(await signed(body)), "x-github-delivery": " " })).status).toBe(400);
    expect(persisted).toEqual([]);
  });

  test("a body that is not JSON by its content type is refused with 415", async () => {
    expect((await post(url, body, { ...(await signed(body)), "content-type": "application/x-www-form-urlencoded" })).status).toBe(415);
    expect(persisted).toEqual([]);
  });

  test("a declared length over GitHub's 25 MB cap is refused with 413 before the body is sent", async () => {
    // Declares 100 MB and sends 10 bytes: the answer comes without the rest, so nothing was buffered.
    // A raw socket: the test must not depend on what another file did to node:http (nock).
    const { port } = new URL(url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.write(
          [
            "POST /api/github/webhooks HTTP/1.1",
            "Host: 127.0.0.1",
            "Content-Type: application/json",
            `Content-Length: ${100 * 1024 * 1024}`,
            "X-GitHub-Event: issue_comment",
            "X-GitHub-Delivery: big",
            "X-Hub-Signature-256: sha256=00",
            "",
            "0123456789",
          ].join("\r\n"),
        );
      });
      let text = "";
      socket.on("data", (chunk) => {
        text += chunk.toString();
        if (text.includes("\r\n\r\n")) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on("error", reject);
    });
    const status = Number(answer.split(" ")[1]);
    expect(status).toBe(413);
    expect(MAX_WEBHOOK_BYTES).toBe(25 * 1024 * 1024);
    expect(persisted).toEqual([]);
  });

  test("a chunked body (no declared length) is cut off at the cap with 413, even if signed", async () => {
    const big = JSON.stringify({ action: "created", comment: { body: "x".repeat(SMALL_CAP) } });
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const res = await fetch(`${smallCapUrl}/api/github/webhooks`, {
      method: "POST",
      body: stream,
      headers: await signed(big),
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(persisted).toEqual([]);
    // Under the cap it is accepted.
    const small = JSON.stringify({ action: "created", comment: { body: "x".repeat(SMALL_CAP / 2) } });
    expect((await post(smallCapUrl, small, await signed(small, "d-small"))).status).toBe(202);
  });

  test("when the store fails the delivery is answered 503 (GitHub records it failed, to be redelivered)", async () => {
    storeFails = true;
    expect((await post(url, body, await signed(body))).status).toBe(503);
  });

  test("an event the inbox does not keep (installation) is verified, handed on and answered 200", async () => {
    const install = JSON.stringify({ action: "new_permissions_accepted", installation: { id: 1 } });
    expect((await post(url, install, await signed(install, "i-1", "installation"))).status).toBe(200);
    expect(forwarded.map((f) => f.name)).toEqual(["installation"]);
    expect(persisted).toEqual([]);
  });

  test("other paths are left to the next handler", async () => {
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(404);
  });
});
