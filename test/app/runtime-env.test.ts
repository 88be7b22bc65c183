import { describe, expect, test } from "@jest/globals";
import { readRuntimeEnv } from "../../src/runtime-env.js";

describe("the app's tuning from the environment", () => {
  test("absent: the defaults", () => {
    expect(readRuntimeEnv({})).toEqual({
      NODE_ENV: undefined,
      WEBHOOK_SECRET: undefined,
      DATABASE_URL: undefined,
      APP_SLUG: undefined,
      WEBHOOK_PATH: "/api/github/webhooks",
      SWEEP_INTERVAL_MS: 30_000,
      INBOX_LEASE_MS: 60_000,
      INBOX_BACKOFF_MS: 10_000,
      INBOX_MAX_ATTEMPTS: 5,
      INBOX_CONCURRENCY: 4,
      REQUEST_TIMEOUT_MS: 20_000,
      EFFECT_LEASE_MS: 60_000,
      EFFECT_BACKOFF_MS: 30_000,
      MISSED_DELIVERIES_INTERVAL_MS: 300_000,
    });
  });

  test.each([
    ["", "it is empty: remove the line for the default"],
    ["  ", "it is empty: remove the line for the default"],
    ["30s", 'got "30s"'],
    ["-1", 'got "-1"'],
  ])("SWEEP_INTERVAL_MS=%j is an error, never a silent off", (value, why) => {
    expect(() => readRuntimeEnv({ SWEEP_INTERVAL_MS: value })).toThrow(
      `invalid environment: SWEEP_INTERVAL_MS must be a whole number ≥ 0 (${why})`,
    );
  });

  test("0 turns the sweep off, explicitly", () => {
    expect(readRuntimeEnv({ SWEEP_INTERVAL_MS: "0" }).SWEEP_INTERVAL_MS).toBe(0);
  });

  test("an empty text setting (NAME= in a copied .env) is unset", () => {
    expect(readRuntimeEnv({ DATABASE_URL: "", APP_SLUG: " ", WEBHOOK_PATH: "" })).toMatchObject({
      DATABASE_URL: undefined,
      APP_SLUG: undefined,
      WEBHOOK_PATH: "/api/github/webhooks",
    });
  });

  test.each([
    [{ WEBHOOK_PATH: "hooks" }, /WEBHOOK_PATH must start with "\/"/],
    [{ APP_SLUG: "agent guardrails[bot]" }, /APP_SLUG must be the app's slug/],
  ])("%j is refused", (env, message) => {
    expect(() => readRuntimeEnv(env)).toThrow(message);
  });

  test("set: read as whole numbers", () => {
    expect(readRuntimeEnv({ SWEEP_INTERVAL_MS: "500", INBOX_LEASE_MS: "3000" })).toMatchObject({
      SWEEP_INTERVAL_MS: 500,
      INBOX_LEASE_MS: 3000,
    });
  });

  test("a request timeout that would outlive the claim's lease is refused", () => {
    expect(() => readRuntimeEnv({ REQUEST_TIMEOUT_MS: "60000", EFFECT_LEASE_MS: "30000" })).toThrow(
      /REQUEST_TIMEOUT_MS must be shorter than EFFECT_LEASE_MS/,
    );
  });

  test("mistyped: one clear error naming each variable, never a silent off", () => {
    expect(() => readRuntimeEnv({ SWEEP_INTERVAL_MS: "30s", INBOX_CONCURRENCY: "0" })).toThrow(
      'invalid environment: SWEEP_INTERVAL_MS must be a whole number ≥ 0 (got "30s"); INBOX_CONCURRENCY must be a whole number ≥ 1 (got "0")',
    );
  });

  test.each([
    [{ NODE_ENV: "production" }, true],
    [{ NODE_ENV: "production", WEBHOOK_SECRET: "" }, true],
    [{ NODE_ENV: "production", WEBHOOK_SECRET: "development" }, true],
    [{ NODE_ENV: "production", WEBHOOK_SECRET: "s3cret" }, false],
    [{ NODE_ENV: "development" }, false],
    [{}, false],
  ])("webhook secret: %j → refuses to start: %s", (env, refuses) => {
    const read = () => readRuntimeEnv(env);
    if (refuses)
      expect(read).toThrow(
        "invalid environment: WEBHOOK_SECRET must be set to the GitHub App's webhook secret in production (refusing to start)",
      );
    else expect(read).not.toThrow();
  });
});
