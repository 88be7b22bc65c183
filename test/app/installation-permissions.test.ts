import { afterEach, describe, expect, test } from "@jest/globals";
import { accounts, commentEvent, example } from "../fixtures/webhook-examples.js";
import { startStandInApp, type StandInApp } from "./stand-in-harness.js";

/**
 * The drill reports what the installation may do, so what it reads must not go stale: the owner
 * who grants a missing permission sees it in the next drill (GitHub sends
 * `installation.new_permissions_accepted`), and a lost webhook is caught by a ten-minute TTL.
 */
const CONFIG = ["owner: maint", `agents: ["copilot-swe-agent[bot]"]`, "approvers: write"].join("\n");
const T0 = Date.parse("2026-11-20T09:00:00.000Z");

let app: StandInApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function drill() {
  return commentEvent("created", accounts.maint, "/guardrails drill @copilot-swe-agent[bot]", {
    threadAuthor: accounts.dev,
    onPullRequest: false,
  });
}

function permissionReads(running: StandInApp): number {
  return running.standIn.requests.filter((r) => r.method === "GET" && r.path === "/app/installations/4242").length;
}

describe("installation permissions read for drill", () => {
  test("read once, again after new_permissions_accepted, and again after the TTL", async () => {
    app = await startStandInApp({ config: CONFIG });
    app.now.value = new Date(T0);
    await app.receive("issue_comment", drill(), "drill-1");
    expect(permissionReads(app)).toBe(1);

    app.now.value = new Date(T0 + 60_000);
    await app.receive("issue_comment", drill(), "drill-2");
    expect(permissionReads(app)).toBe(1);

    await app.receive(
      "installation",
      example("installation", "new_permissions_accepted", (p) => (p.sender = { ...accounts.maint })),
      "perms-accepted",
    );
    await app.receive("issue_comment", drill(), "drill-3");
    expect(permissionReads(app)).toBe(2);

    app.now.value = new Date(T0 + 60_000 + 10 * 60_000 + 1);
    await app.receive("issue_comment", drill(), "drill-4");
    expect(permissionReads(app)).toBe(3);
  });
});
