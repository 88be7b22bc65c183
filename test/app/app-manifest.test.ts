import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { WATCHED_EVENTS } from "../../src/create-guardrails.js";

const manifest = parse(readFileSync(new URL("../../app.yml", import.meta.url), "utf8")) as {
  default_permissions: Record<string, string>;
  default_events: string[];
};

describe("app.yml asks for least privilege", () => {
  test("subscribes to exactly the events the app handles", () => {
    expect([...manifest.default_events].sort()).toEqual([...WATCHED_EVENTS].sort());
  });

  test("the permissions, each at the lowest level that works; workflows and discussions: write are opt-in", () => {
    expect(manifest.default_permissions).toEqual({
      contents: "write",
      pull_requests: "write",
      checks: "write",
      issues: "write",
      discussions: "read",
      members: "read",
      metadata: "read",
    });
  });
});
