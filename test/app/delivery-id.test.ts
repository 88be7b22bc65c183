import { afterEach, describe, expect, test } from "@jest/globals";
import { accounts, pullRequestEvent } from "../fixtures/webhook-examples.js";
import pino from "pino";
import type { GitHubAdapter } from "../../src/github/github-adapter.js";
import { handleWebhook } from "../../src/pipeline.js";
import { openStore } from "../../src/store/open-store.js";
import { RoleCache } from "../../src/webhooks/role-cache.js";
import { startStandInApp, type StandInApp } from "./stand-in-harness.js";
import { counted } from "../metrics/counted.js";

const CONFIG = ["mode: enforce", "owner: maint", `agents: ["copilot-swe-agent[bot]"]`, "policy: { pull_request: draft }"].join("\n");

let app: StandInApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

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
    expect(await counted(app.guardrails.metrics, "agent_guardrails_deliveries_total")).toEqual([["pull_request", "refused", 3]]);

    // The same PR with an id is then handled as a first delivery (drafted), not as a redelivery.
    await app.receive("pull_request", pullRequestEvent("opened", accounts.agent), "with-an-id");
    expect(await counted(app.guardrails.metrics, "agent_guardrails_deliveries_total")).toEqual([
      ["pull_request", "committed", 1],
      ["pull_request", "refused", 3],
    ]);
    expect(await app.store.hasDelivery("with-an-id")).toBe(true);
  });

  test("bypass: the pipeline itself refuses an id of '' (as `simulate` or a test may pass it): no request, no row", async () => {
    const store = await openStore(":memory:");
    try {
      const github = new Proxy(
        {},
        { get: (_, verb) => () => Promise.reject(new Error(`unexpected GitHub call: ${String(verb)}`)) },
      ) as GitHubAdapter;
      const deps = {
        store,
        clock: () => new Date("2026-11-20T09:00:00Z"),
        appLogin: "agent-guardrails[bot]",
        roles: new RoleCache(),
        installationPermissions: () => Promise.resolve({}),
      };
      const event = { id: "", name: "pull_request", payload: pullRequestEvent("opened", accounts.agent) };
      const log = pino({ level: "silent" });
      expect(await handleWebhook(deps, github, event, log)).toBe("refused");
      expect(await handleWebhook(deps, github, event, log)).toBe("refused");
      expect(await store.hasDelivery("")).toBe(false);
      expect(await store.listAudit()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
