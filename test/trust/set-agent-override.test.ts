import { describe, expect, test } from "@jest/globals";
import { parse } from "yaml";
import { parseConfigFile } from "../../src/config/parse-config-file.js";
import { setAgentOverride } from "../../src/config/set-agent-override.js";

const FILE = `# Guardrails for this repository (reviewed by @alice)
mode: enforce # keep enforcing
owner: alice
agents:
  - "*-agent[bot]"   # every agent account
  - login: Copilot
    policy: { comment: flag }
  - helper-agent[bot]
policy:
  comment: hide # until they earn more
`;

describe("setAgentOverride: the agent's entry changes, the rest of the file stays as written", () => {
  test("a plain login shadowed by a glob becomes an entry with its policy, moved first; comments kept", () => {
    const text = setAgentOverride(FILE, "helper-agent[bot]", [
      { key: "comment", value: "flag" },
      { key: "limits.comments_per_hour", value: 40 },
    ]);
    expect(text).toContain("# Guardrails for this repository (reviewed by @alice)");
    expect(text).toContain("mode: enforce # keep enforcing");
    expect(text).toContain("comment: hide # until they earn more");
    expect(text).toContain("# every agent account");
    const agents = parse(text).agents;
    expect(agents[0]).toEqual({ login: "helper-agent[bot]", policy: { comment: "flag" }, limits: { comments_per_hour: 40 } });
    expect(agents).toHaveLength(3);
    expect(agents).toContain("*-agent[bot]");
  });

  test("an existing entry gets the key changed in place", () => {
    const text = setAgentOverride(FILE, "copilot", [{ key: "comment", value: "allow" }]);
    const agents = parse(text).agents;
    expect(agents[1]).toEqual({ login: "Copilot", policy: { comment: "allow" } });
    expect(text.split("\n").slice(0, 3)).toEqual(FILE.split("\n").slice(0, 3));
  });

  test("an agent without an entry gets one, first", () => {
    const agents = parse(setAgentOverride(FILE, "new-bot", [{ key: "merge", value: "deny" }])).agents;
    expect(agents[0]).toEqual({ login: "new-bot", policy: { merge: "deny" } });
    expect(agents).toHaveLength(4);
  });

  test("no file, an empty file, a file without agents: a valid config with only that entry", () => {
    for (const text of [null, "", "mode: observe\n"]) {
      const result = setAgentOverride(text, "Copilot", [{ key: "comment", value: "allow" }]);
      expect(parse(result).agents).toEqual([{ login: "Copilot", policy: { comment: "allow" } }]);
      const parsed = parseConfigFile(".github/agent-guardrails.yml", result);
      expect(parsed.issues).toEqual([]);
    }
  });

  test("a file it cannot read is refused, not rewritten", () => {
    expect(() => setAgentOverride("agents: [unclosed", "Copilot", [{ key: "comment", value: "allow" }])).toThrow(/not valid YAML/);
    expect(() => setAgentOverride("agents: Copilot\n", "Copilot", [{ key: "comment", value: "allow" }])).toThrow(/not a list/);
  });
});
