import { describe, expect, test } from "@jest/globals";
import { requireWebhookSecret } from "../../src/require-webhook-secret.js";

describe("refusing to start without a webhook secret in production", () => {
  test.each([
    [{ NODE_ENV: "production" }, true],
    [{ NODE_ENV: "production", WEBHOOK_SECRET: "" }, true],
    [{ NODE_ENV: "production", WEBHOOK_SECRET: "development" }, true],
    [{ NODE_ENV: "production", WEBHOOK_SECRET: "s3cret" }, false],
    [{ NODE_ENV: "development" }, false],
    [{}, false],
  ])("%j → refuses: %s", (env, refuses) => {
    const run = () => requireWebhookSecret(env as NodeJS.ProcessEnv);
    if (refuses) expect(run).toThrow(/WEBHOOK_SECRET/);
    else expect(run).not.toThrow();
  });
});
