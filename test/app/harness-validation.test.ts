import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { API, createTestApp } from "./harness.js";
import { startStandInApp } from "./stand-in-harness.js";

describe("the harnesses fail a test whose app sent a request GitHub would refuse", () => {
  test("stand-in harness: close() throws, naming the request and the reason", async () => {
    const app = await startStandInApp({});
    await fetch(`${app.standIn.url}/repos/acme/widgets/teleport`);
    await expect(app.close()).rejects.toThrow(/GET \/repos\/acme\/widgets\/teleport: Not Found/);
  });

  test("nock harness: the app's Octokit reports it in `invalid`, though nock answered it", async () => {
    nock.disableNetConnect();
    const app = await createTestApp();
    try {
      nock(API).post("/repos/acme/widgets/check-runs").reply(201, { id: 1 });
      const octokit = await app.probot.auth();
      await octokit.request("POST /repos/acme/widgets/check-runs", {
        name: "agent-guardrails",
        head_sha: "a".repeat(40),
        conclusion: "pending",
      });
      expect(app.invalid).toEqual([
        {
          method: "POST",
          path: "/repos/acme/widgets/check-runs",
          operation: "POST /repos/{owner}/{repo}/check-runs",
          reason: expect.stringContaining(`"pending"`),
        },
      ]);
    } finally {
      nock.cleanAll();
      await app.close();
    }
  });
});
