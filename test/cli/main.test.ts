import { describe, expect, test } from "@jest/globals";
import { main, USAGE } from "../../src/cli/main.js";

function buffer() {
  let text = "";
  return { write: (chunk: string) => (text += chunk), text: () => text };
}

describe("the agent-guardrails dispatcher", () => {
  test("--help prints the usage naming every command", async () => {
    const out = buffer();
    expect(await main(["--help"], out, buffer())).toBe(0);
    expect(out.text()).toBe(USAGE);
    for (const command of ["validate", "simulate", "audit", "demo", "schema"]) expect(USAGE).toContain(`  ${command}`);
  });

  test("no command or an unknown one is bad usage (exit 2, on stderr)", async () => {
    const out = buffer();
    const err = buffer();
    expect(await main([], out, err)).toBe(2);
    expect(await main(["deploy"], out, err)).toBe(2);
    expect(out.text()).toBe("");
    expect(err.text()).toContain('unknown command "deploy"');
  });

  test("a command gets the rest of the arguments", async () => {
    const err = buffer();
    expect(await main(["simulate"], buffer(), err)).toBe(2);
    expect(err.text()).toContain("usage: agent-guardrails simulate");
  });
});
