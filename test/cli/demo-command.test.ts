import { describe, expect, test } from "@jest/globals";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoCommand } from "../../src/cli/demo-command.js";

function buffer() {
  let text = "";
  return { write: (chunk: string) => (text += chunk), text: () => text };
}

describe("agent-guardrails demo", () => {
  test("runs the bundled scenario against the validating stand-in: every request valid, nothing left pending", async () => {
    const dir = await mkdtemp(join(tmpdir(), "guardrails-demo-"));
    try {
      const out = buffer();
      const err = buffer();
      expect(await demoCommand(["--db", join(dir, "demo.db")], out, err)).toBe(0);
      expect(err.text()).toBe("");
      expect(out.text()).toContain("every request valid against GitHub's published REST description and GraphQL schema");
      expect(out.text()).toContain("Outbox sweep at the end: nothing was left pending.");
      expect(out.text()).not.toContain("GitHub would refuse");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
