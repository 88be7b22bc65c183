import { afterEach, describe, expect, test } from "@jest/globals";
import { accounts, pullRequestEvent } from "../fixtures/webhook-examples.js";
import { startStandInApp, type StandInApp } from "./stand-in-harness.js";

const CONFIG = ["mode: enforce", "owner: maint", `agents: ["copilot-swe-agent[bot]"]`, "policy: { pull_request: draft }"].join("\n");

let app: StandInApp;
afterEach(async () => app.close());

describe("a delivery without an id", () => {
  test("bypass: two deliveries with id '' are both refused (400), nothing stored — not one skipped as a redelivery", async () => {
    app = await startStandInApp({ config: CONFIG });
    const from = app.standIn.requests.length;
    for (const id of ["", "", "  "]) {
      const payload = pullRequestEvent("opened", accounts.agent);
      app.standIn.observe("pull_request", payload);
      const refused = await app.deliver("pull_request", payload, id).then(
        () => null,
        (error: unknown) => error as { errors?: { status?: number; message?: string }[] },
      );
      expect(refused?.errors?.[0]).toMatchObject({ status: 400, message: expect.stringContaining("X-GitHub-Delivery") });
    }
    expect(app.requestsSince(from)).toEqual([]);
    expect(await app.store.hasDelivery("")).toBe(false);
    expect(await app.store.listAudit()).toEqual([]);
    expect(await app.store.listEffects({})).toEqual([]);
    expect(app.guardrails.deliveries.rows()).toEqual([["pull_request", "refused", 3]]);

    // The same PR with an id is then handled as a first delivery (drafted), not as a redelivery.
    await app.receive("pull_request", pullRequestEvent("opened", accounts.agent), "with-an-id");
    expect(app.guardrails.deliveries.rows()).toEqual([
      ["pull_request", "committed", 1],
      ["pull_request", "refused", 3],
    ]);
    expect(await app.store.hasDelivery("with-an-id")).toBe(true);
  });
});
