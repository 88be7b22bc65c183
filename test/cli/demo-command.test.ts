import { describe, expect, test } from "@jest/globals";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { main } from "../../src/cli/main.js";

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
      expect(await main(["demo", "--db", join(dir, "demo.db")], out, err)).toBe(0);
      expect(err.text()).toBe("");
      expect(out.text()).toContain("every request valid against GitHub's published REST description and GraphQL schema");
      expect(out.text()).toContain("Outbox sweep at the end: nothing was left pending.");
      expect(out.text()).not.toContain("GitHub would refuse");
      expect(out.text()).toContain("Nothing was left pending at the end of either run.");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("tells the three acts from the app's audit rows: the trip, the source stopped, the paced drain, the incident, the undo", async () => {
    const dir = await mkdtemp(join(tmpdir(), "guardrails-demo-"));
    try {
      const out = buffer();
      const started = Date.now();
      expect(await main(["demo", "--db", join(dir, "demo.db")], out, buffer())).toBe(0);
      expect(Date.now() - started).toBeLessThan(120_000);
      const text = out.text();
      const [act1, act2, act3] = ["Act 1:", "Act 2:", "Act 3:"].map((title) => text.indexOf(title)) as [number, number, number];
      expect(act1).toBeGreaterThan(0);
      expect(act2).toBeGreaterThan(act1);
      expect(act3).toBeGreaterThan(act2);
      const second = text.slice(act2, act3);
      const third = text.slice(act3);
      // The trip, with the evidence the breaker recorded.
      expect(second).toMatch(/BREAKER TRIPPED \(breaker\.tripped\)\n\s+- burst: 101 actions within 60s \(burst limit 100\)/);
      expect(second).toContain("the source first: Copilot unassigned from #42, #7");
      expect(second).toContain("not cut off (breaker.cut_off is empty); the incident tells a human how: “To cut `Copilot` off for real");
      expect(second).toMatch(/incident #\d+ “Agent guardrails tripped: Copilot” opened for the owner @maint: created 1 time\(s\)/);
      // The drain: the virtual clock and the minute's budget, used up once and then the rest a minute later.
      expect(second).toMatch(/10:01:50 +80 write\(s\) +\[80\/80 in the minute/);
      expect(second).toMatch(/10:02:50 +\d+ write\(s\)/);
      expect(second).toMatch(/Contained: containment of Copilot finished \d+s after the trip/);
      // The undo.
      expect(third).toContain("/guardrails resume @Copilot --undo");
      expect(third).toContain("breaker closed (breaker.resumed)");
      expect(third).toMatch(/Given back: 90 hidden comment\(s\) shown again, 10 closed issue\(s\) reopened, the agent assigned again/);
      expect(third).toContain("The app answered on #7: “Resumed `Copilot` and undid");
      expect(text).toContain("1 breaker trip(s): Copilot (burst) at 10:01:50");
      expect(text).toContain(`audit --db ${relative(process.cwd(), join(dir, "demo-runaway.db"))} --actor Copilot`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
