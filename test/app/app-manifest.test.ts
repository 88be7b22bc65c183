import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { WATCHED_EVENTS } from "../../src/create-guardrails.js";
import { ACTION_KINDS } from "../../src/policy/agent-action.js";
import { APP_DEFAULT_PERMISSIONS } from "../../src/sim/app-permissions.js";

const manifest = parse(readFileSync(new URL("../../app.yml", import.meta.url), "utf8")) as {
  default_permissions: Record<string, string>;
  default_events: string[];
};

describe("app.yml asks for least privilege", () => {
  test("subscribes to exactly the events the app handles", () => {
    expect([...manifest.default_events].sort()).toEqual([...WATCHED_EVENTS].sort());
  });

  test("every webhook an action kind comes from is subscribed, and every subscribed webhook yields a kind", () => {
    const fromKinds = new Set(ACTION_KINDS.map((kind) => kind.split(".")[0]!));
    expect([...fromKinds].sort()).toEqual([...manifest.default_events].sort());
  });

  test("workflow_run is received with actions: read, never write by default", () => {
    expect(manifest.default_events).toContain("workflow_run");
    expect(manifest.default_permissions.actions).toBe("read");
  });

  test("the permissions the stand-in installs by default; workflows and discussions: write are opt-in", () => {
    expect(manifest.default_permissions).toEqual(APP_DEFAULT_PERMISSIONS);
    expect(manifest.default_permissions).not.toHaveProperty("workflows");
    expect(manifest.default_permissions.discussions).toBe("read");
    expect(Object.values(manifest.default_permissions)).not.toContain("admin");
  });
});
