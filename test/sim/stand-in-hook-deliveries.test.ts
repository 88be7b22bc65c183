import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { verify } from "@octokit/webhooks-methods";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { startGitHubStandIn, type StandIn } from "../../src/sim/github-stand-in.js";
import { restOperations } from "../../src/sim/rest-operations.js";
import { parseScenario, ScenarioError } from "../../src/sim/scenario.js";
import { appOctokitFor, startReceiver } from "./hook-deliveries-client.js";
import { call, octokitFor, standInWorld, startStandIn } from "./stand-in-client.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));

/** GitHub's schema of an operation's answer, from the extract. */
function answerSchema(operation: string, status: string) {
  const schema = restOperations().operations[operation]?.responses?.[status];
  if (!schema) throw new Error(`no ${status} answer schema for ${operation} in the extract`);
  return ajv.compile(schema);
}

const SECRET = "hook-secret";
let standIn: StandIn;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeEach(async () => {
  standIn = await startStandIn();
  receiver = await startReceiver();
  standIn.useWebhook({ url: receiver.url, secret: SECRET });
});
afterEach(async () => {
  await standIn.close();
  await receiver.close();
});

const payload = (n: number) => ({
  action: "opened",
  number: n,
  installation: { id: 42 },
  repository: { id: 7, full_name: "acme/widgets" },
});

function seed(count: number, statusCode = 200): void {
  for (let n = 1; n <= count; n++)
    standIn.recordDelivery({ guid: `guid-${n}`, event: "pull_request", payload: payload(n), status_code: statusCode });
}

describe("the App's webhook delivery log", () => {
  test("lists newest first in GitHub's shape, derived from the payload", async () => {
    standIn.recordDelivery({ guid: "g-ok", event: "pull_request", payload: payload(1), status_code: 200 });
    standIn.recordDelivery({ guid: "g-down", event: "issues", payload: { action: "closed" }, status_code: 503 });
    const o = appOctokitFor(standIn);
    const { data, status } = await o.request("GET /app/hook/deliveries");
    expect(status).toBe(200);
    const valid = answerSchema("GET /app/hook/deliveries", "200");
    expect(valid(data)).toBe(true);
    expect(data.map((d) => [d.guid, d.status, d.status_code, d.event, d.action, d.installation_id, d.repository_id, d.redelivery])).toEqual(
      [
        ["g-down", "Invalid HTTP Response: 503", 503, "issues", "closed", null, null, false],
        ["g-ok", "OK", 200, "pull_request", "opened", 42, 7, false],
      ],
    );
    expect(standIn.invalid).toEqual([]);
  });

  test("pages by cursor in Link rel=next, and Octokit's paginate follows it to the end", async () => {
    seed(5);
    const first = await fetch(`${standIn.url}/app/hook/deliveries?per_page=2`, {
      headers: { authorization: `bearer ${await jwtOf(standIn)}` },
    });
    const link = first.headers.get("link") ?? "";
    expect(link).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/app\/hook\/deliveries\?per_page=2&cursor=v1_\d+>; rel="next"$/);
    expect(link).not.toMatch(/[?&]page=/);
    const o = appOctokitFor(standIn);
    const all = await o.paginate("GET /app/hook/deliveries", { per_page: 2 });
    expect(all.map((d) => d.guid)).toEqual(["guid-5", "guid-4", "guid-3", "guid-2", "guid-1"]);
    expect(standIn.requests.filter((r) => r.path.startsWith("/app/hook/deliveries")).map((r) => r.path.replace(/v1_\d+/, "v1_N"))).toEqual([
      "/app/hook/deliveries?per_page=2",
      "/app/hook/deliveries?per_page=2",
      "/app/hook/deliveries?per_page=2&cursor=v1_N",
      "/app/hook/deliveries?per_page=2&cursor=v1_N",
    ]);
    expect(standIn.invalid).toEqual([]);
  });

  test("status=failure lists only attempts that were not OK; per_page over 100 is refused as GitHub's description says", async () => {
    seed(2);
    standIn.recordDelivery({ guid: "down", event: "push", payload: {}, status_code: 0 });
    const o = appOctokitFor(standIn);
    const { data } = await o.request("GET /app/hook/deliveries", { status: "failure" });
    expect(data.map((d) => [d.guid, d.status])).toEqual([["down", "failed to connect to host"]]);
    await expect(o.request("GET /app/hook/deliveries", { per_page: 101 })).rejects.toMatchObject({ status: 422 });
    expect(standIn.invalid).toHaveLength(1);
  });

  test("an installation token is refused: 401, these routes answer only the App's JWT", async () => {
    seed(1);
    const o = octokitFor(standIn);
    await expect(o.request("GET /app/hook/deliveries")).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining("A JSON web token could not be decoded"),
    });
    expect((await call(standIn, "GET", "/app/hook/deliveries")).status).toBe(401);
  });

  test("one delivery carries its request and response", async () => {
    const logged = standIn.recordDelivery({ guid: "g1", event: "issues", payload: payload(3), status_code: 500 });
    const o = appOctokitFor(standIn);
    const { data } = await o.request("GET /app/hook/deliveries/{delivery_id}", { delivery_id: logged.id });
    expect(answerSchema("GET /app/hook/deliveries/{delivery_id}", "200")(data)).toBe(true);
    expect(data.request.payload).toEqual(payload(3));
    await expect(o.request("GET /app/hook/deliveries/{delivery_id}", { delivery_id: 1 })).rejects.toMatchObject({ status: 404 });
  });
});

describe("redelivery", () => {
  test("202, then the webhook is re-sent signed with the secret and the same guid, and logged as a redelivery", async () => {
    const logged = standIn.recordDelivery({ guid: "9f3c", event: "pull_request", payload: payload(9), status_code: 502 });
    const o = appOctokitFor(standIn);
    const answer = await o.request("POST /app/hook/deliveries/{delivery_id}/attempts", { delivery_id: logged.id });
    expect(answer.status).toBe(202);
    expect(answerSchema("POST /app/hook/deliveries/{delivery_id}/attempts", "202")(answer.data)).toBe(true);
    await standIn.redeliveriesSettled();

    expect(receiver.received).toHaveLength(1);
    const [sent] = receiver.received;
    expect(sent?.headers["x-github-delivery"]).toBe("9f3c");
    expect(sent?.headers["x-github-event"]).toBe("pull_request");
    expect(JSON.parse(sent?.body ?? "")).toEqual(payload(9));
    expect(await verify(SECRET, sent?.body ?? "", String(sent?.headers["x-hub-signature-256"]))).toBe(true);
    expect(await verify("another secret", sent?.body ?? "", String(sent?.headers["x-hub-signature-256"]))).toBe(false);

    const { data } = await o.request("GET /app/hook/deliveries");
    expect(data.map((d) => [d.guid, d.redelivery, d.status, d.status_code])).toEqual([
      ["9f3c", true, "OK", 200],
      ["9f3c", false, "Invalid HTTP Response: 502", 502],
    ]);
  });

  test("a redelivery the receiver refuses is logged with its status; an unknown delivery is 404", async () => {
    receiver.status = 500;
    const logged = standIn.recordDelivery({ guid: "g", event: "issues", payload: {}, status_code: 500 });
    const o = appOctokitFor(standIn);
    await o.request("POST /app/hook/deliveries/{delivery_id}/attempts", { delivery_id: logged.id });
    await standIn.redeliveriesSettled();
    expect(standIn.deliveries.map((d) => [d.redelivery, d.status_code])).toEqual([
      [false, 500],
      [true, 500],
    ]);
    await expect(o.request("POST /app/hook/deliveries/{delivery_id}/attempts", { delivery_id: 123 })).rejects.toMatchObject({
      status: 404,
    });
    expect(standIn.invalid).toEqual([]);
  });
});

/** The JWT the App's Octokit sends, for a raw request. */
async function jwtOf(s: StandIn): Promise<string> {
  const o = appOctokitFor(s);
  const auth = (await o.auth({ type: "app" })) as { token: string };
  return auth.token;
}

describe("world.deliveries", () => {
  const line = (deliveries: unknown) => `${JSON.stringify({ world: { deliveries } })}\n${JSON.stringify({ name: "ping", payload: {} })}\n`;

  test("seeds the log a scenario starts with", async () => {
    const { world } = parseScenario(
      line([{ guid: "g0", event: "issues", payload: { action: "opened" }, status_code: 503, delivered_at: "2026-12-01T10:00:00Z" }]),
    );
    const seeded = await startGitHubStandIn(standInWorld({ deliveries: world.deliveries ?? [] }));
    try {
      const { data } = await appOctokitFor(seeded).request("GET /app/hook/deliveries");
      expect(data.map((d) => [d.guid, d.event, d.action, d.status, d.delivered_at, d.redelivery])).toEqual([
        ["g0", "issues", "opened", "Invalid HTTP Response: 503", "2026-12-01T10:00:00Z", false],
      ]);
    } finally {
      await seeded.close();
    }
  });

  test.each([
    ["not an array", {}, /world.deliveries must be an array/],
    ["no guid", [{ event: "issues", payload: {}, status_code: 500 }], /deliveries\[0\]\.guid/],
    ["a status that is no HTTP status", [{ guid: "g", event: "issues", payload: {}, status_code: 1000 }], /deliveries\[0\]\.status_code/],
    ["a payload that is no object", [{ guid: "g", event: "issues", payload: "x", status_code: 500 }], /deliveries\[0\]\.payload/],
  ])("refuses %s", (_name, deliveries, message) => {
    expect(() => parseScenario(line(deliveries))).toThrow(ScenarioError);
    expect(() => parseScenario(line(deliveries))).toThrow(message);
  });
});
