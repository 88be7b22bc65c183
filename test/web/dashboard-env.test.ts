import { describe, expect, test } from "@jest/globals";
import { readRuntimeEnv } from "../../src/runtime-env.js";
import { dashboardAccess } from "../../src/web/dashboard/dashboard-access.js";

describe("the dashboard's environment", () => {
  test("neither the token nor GitHub sign-in: the dashboard is off", () => {
    expect(dashboardAccess(readRuntimeEnv({}))).toBeNull();
    expect(dashboardAccess(readRuntimeEnv({ DASHBOARD_TOKEN: "" }))).toBeNull();
  });

  test("a short token, half an OAuth client or a URL that is not one stops the start with one clear line", () => {
    expect(() => readRuntimeEnv({ DASHBOARD_TOKEN: "short" })).toThrow("DASHBOARD_TOKEN must be at least 16 characters");
    expect(() => readRuntimeEnv({ GITHUB_CLIENT_ID: "Iv1.x" })).toThrow(
      "GITHUB_CLIENT_SECRET must be set with GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET both",
    );
    expect(() => readRuntimeEnv({ DASHBOARD_URL: "guardrails.example.com" })).toThrow("DASHBOARD_URL must be an http(s) URL");
  });

  test("GitHub sign-in goes to github.com, or to the GHES host with its API under /api/v3", () => {
    const cloud = dashboardAccess(
      readRuntimeEnv({ GITHUB_CLIENT_ID: "Iv1.x", GITHUB_CLIENT_SECRET: "s", DASHBOARD_URL: "https://g.example.com/" }),
    )!;
    expect(cloud.github).toEqual({
      clientId: "Iv1.x",
      clientSecret: "s",
      webUrl: "https://github.com",
      apiUrl: "https://api.github.com",
      redirectUri: "https://g.example.com/guardrails/oauth/callback",
    });
    expect(cloud.token).toBeUndefined();
    const ghes = dashboardAccess(
      readRuntimeEnv({ GITHUB_CLIENT_ID: "Iv1.x", GITHUB_CLIENT_SECRET: "s", GHE_HOST: "github.corp.example" }),
    )!;
    expect([ghes.github!.webUrl, ghes.github!.apiUrl, ghes.github!.redirectUri]).toEqual([
      "https://github.corp.example",
      "https://github.corp.example/api/v3",
      undefined,
    ]);
  });

  test("the session key is derived from the secrets, never the token itself, and changes with it", () => {
    const a = dashboardAccess(readRuntimeEnv({ DASHBOARD_TOKEN: "0123456789abcdef" }))!;
    const b = dashboardAccess(readRuntimeEnv({ DASHBOARD_TOKEN: "0123456789abcdeg" }))!;
    expect(a.key.toString("utf8")).not.toContain("0123456789abcdef");
    expect(a.key.equals(b.key)).toBe(false);
    expect(a.key.equals(dashboardAccess(readRuntimeEnv({ DASHBOARD_TOKEN: "0123456789abcdef" }))!.key)).toBe(true);
  });
});
