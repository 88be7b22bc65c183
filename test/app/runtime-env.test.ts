import { describe, expect, test } from "@jest/globals";
import { readRuntimeEnv } from "../../src/runtime-env.js";

describe("the app's tuning from the environment", () => {
  test("absent or empty: the defaults", () => {
    expect(readRuntimeEnv({})).toEqual({ SWEEP_INTERVAL_MS: 30_000, INBOX_LEASE_MS: 60_000, INBOX_BACKOFF_MS: 10_000, INBOX_MAX_ATTEMPTS: 5, INBOX_CONCURRENCY: 4, REQUEST_TIMEOUT_MS: 20_000, EFFECT_LEASE_MS: 60_000, EFFECT_BACKOFF_MS: 30_000, MISSED_DELIVERIES_INTERVAL_MS: 300_000 });
    expect(readRuntimeEnv({ SWEEP_INTERVAL_MS: "" }).SWEEP_INTERVAL_MS).toBe(30_000);
  });

  test("set: read as whole numbers", () => {
    expect(readRuntimeEnv({ SWEEP_INTERVAL_MS: "500", INBOX_LEASE_MS: "3000" })).toMatchObject({ SWEEP_INTERVAL_MS: 500, INBOX_LEASE_MS: 3000 });
  });

  test("a request timeout that would outlive the claim's lease is refused", () => {
    expect(() => readRuntimeEnv({ REQUEST_TIMEOUT_MS: "60000", EFFECT_LEASE_MS: "30000" })).toThrow(/REQUEST_TIMEOUT_MS must be shorter than EFFECT_LEASE_MS/);
  });

  test("mistyped: one clear error naming each variable, never a silent off", () => {
    expect(() => readRuntimeEnv({ SWEEP_INTERVAL_MS: "30s", INBOX_CONCURRENCY: "0" })).toThrow(
      'invalid environment: SWEEP_INTERVAL_MS must be a whole number ≥ 0 (got "30s"); INBOX_CONCURRENCY must be a whole number ≥ 1 (got "0")',
    );
  });
});
