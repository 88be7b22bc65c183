import { describe, expect, test } from "@jest/globals";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/main.js";

const demo = fileURLToPath(new URL("../../examples/scenarios/agent-comment-approved.jsonl", import.meta.url));
/** The app's logs off: the test reads only what the command writes. */
const silent = { env: { LOG_LEVEL: "silent" as const } };

function buffer() {
  let text = "";
  return { write: (chunk: string) => (text += chunk), text: () => text };
}

describe("agent-guardrails simulate", () => {
  test("--json prints exactly one JSON object with the contract's keys, and nothing else", async () => {
    const out = buffer();
    const err = buffer();
    expect(await main(["simulate", demo, "--json"], out, err, silent)).toBe(0);
    expect(out.text().endsWith("\n")).toBe(true);
    expect(out.text().trimEnd().split("\n")).toHaveLength(1);
    const result = JSON.parse(out.text()) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(["events", "agentActions", "trips", "requests", "invalid", "audit", "pending"]);
    expect(result.events).toBe(2);
    expect(result.invalid).toEqual([]);
    expect((result.requests as { status?: unknown }[]).every((r) => typeof r.status === "number")).toBe(true);
    expect(err.text()).toBe("");
  });

  test("--config replaces the scenario's config file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "simulate-config-"));
    try {
      writeFileSync(join(dir, "observe.yml"), "mode: observe\n");
      const out = buffer();
      expect(await main(["simulate", demo, "--config", join(dir, "observe.yml"), "--json"], out, buffer(), silent)).toBe(0);
      const result = JSON.parse(out.text()) as { requests: { method: string }[] };
      expect(result.requests.filter((r) => r.method !== "GET")).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("without --json, a readable summary", async () => {
    const out = buffer();
    expect(await main(["simulate", demo], out, buffer(), silent)).toBe(0);
    expect(out.text()).toMatch(/^Simulated 2 event\(s\) from /);
    expect(out.text()).toContain("POST /graphql minimizeComment");
  });

  test("bad usage exits 2, an unreadable or invalid scenario exits 1 with the line named", async () => {
    const err = buffer();
    expect(await main(["simulate"], buffer(), err, silent)).toBe(2);
    expect(err.text()).toContain("usage: agent-guardrails simulate");
    expect(await main(["simulate", "/nonexistent/scenario.jsonl", "--json"], buffer(), buffer(), silent)).toBe(1);
    const dir = mkdtempSync(join(tmpdir(), "simulate-bad-"));
    try {
      writeFileSync(join(dir, "bad.jsonl"), '{"name":"push","payload":{}}\n{"name":"push"}\n');
      const bad = buffer();
      const out = buffer();
      expect(await main(["simulate", join(dir, "bad.jsonl"), "--json"], out, bad, silent)).toBe(1);
      expect(bad.text()).toContain("bad.jsonl:line 2:");
      expect(out.text()).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
