import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, expect, test } from "@jest/globals";
import { pino } from "pino";
import { createNodeMiddleware, Probot } from "probot";
import { recoverMissedDeliveries } from "../../src/inbox/recover-missed-deliveries.js";
import { startGitHubStandIn, type StandIn } from "../../src/sim/github-stand-in.js";
import { unthrottledOctokit } from "../../src/sim/unthrottled-octokit.js";
import { accounts, issueOpenedEvent } from "../fixtures/webhook-examples.js";
import { PRIVATE_KEY } from "../sim/hook-deliveries-client.js";
import { standInWorld } from "../sim/stand-in-client.js";

const SECRET = "the-webhook-secret";
const log = pino({ level: "silent" });

let standIn: StandIn;
let server: Server;
let probot: Probot;
const received: { id: string; name: string }[] = [];

/** A Probot app served over HTTP at /api/github/webhooks: Probot checks each signature with `secret`. */
beforeEach(async () => {
  received.length = 0;
  standIn = await startGitHubStandIn(standInWorld());
  probot = new Probot({ appId: 1, privateKey: PRIVATE_KEY, secret: SECRET, log, Octokit: unthrottledOctokit(standIn.url) });
  const middleware = await createNodeMiddleware(
    (app) => {
      app.onAny((context) => {
        received.push({ id: context.id, name: context.name });
      });
    },
    { probot },
  );
  server = createServer((req, res) => void middleware(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
});
afterEach(async () => {
  await standIn.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const webhookUrl = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;

test("a delivery missed while the app was down reaches Probot again, verified, with its original delivery id", async () => {
  standIn.useWebhook({ url: webhookUrl(), secret: SECRET });
  const missed = issueOpenedEvent(accounts.agent, 12);
  standIn.recordDelivery({ guid: "72d3162e-cc78-11e3-81ab-4c9367dc0958", event: "issues", payload: missed, status_code: 0 });
  standIn.recordDelivery({ guid: "already-in", event: "issues", payload: issueOpenedEvent(accounts.agent, 13), status_code: 500 });

  // What the integrator wires: the App-level Octokit (a JWT) and the inbox's knowledge of guids.
  const counts = await recoverMissedDeliveries({
    octokit: await probot.auth(),
    known: (guid) => Promise.resolve(guid === "already-in"),
    now: new Date(),
    log,
  });
  await standIn.redeliveriesSettled();

  expect(counts).toMatchObject({ failed: 2, known: 1, redelivered: 1 });
  expect(received).toEqual([{ id: "72d3162e-cc78-11e3-81ab-4c9367dc0958", name: "issues" }]);
  expect(standIn.deliveries.at(-1)).toMatchObject({
    guid: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
    redelivery: true,
    status: "OK",
    status_code: 200,
  });
  expect(standIn.invalid).toEqual([]);
});

test("signed with another secret, the redelivery is refused by Probot and stays failed in the log", async () => {
  standIn.useWebhook({ url: webhookUrl(), secret: "not-the-app-secret" });
  standIn.recordDelivery({ guid: "g-1", event: "issues", payload: issueOpenedEvent(accounts.agent, 12), status_code: 502 });
  await recoverMissedDeliveries({ octokit: await probot.auth(), known: () => Promise.resolve(false), now: new Date(), log });
  await standIn.redeliveriesSettled();
  expect(received).toEqual([]);
  const last = standIn.deliveries.at(-1);
  expect(last?.redelivery).toBe(true);
  expect(last?.status).not.toBe("OK");
  expect(last?.status_code).toBeGreaterThanOrEqual(400);
});
