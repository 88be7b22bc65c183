import { describe, expect, test } from "@jest/globals";
import { strictDefaults } from "../../src/config/defaults.js";
import { mergeConfig, type ConfigLayers } from "../../src/config/merge-config.js";
import type { GuardrailsConfig, GuardrailsConfigFile } from "../../src/config/schema.js";

/** Reads a dotted path of the resolved config. */
function at(config: GuardrailsConfig, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], config);
}

describe("mergeConfig precedence: strict defaults < org < _extends < repo", () => {
  const rows: { name: string; layers: ConfigLayers; path: string; expected: unknown }[] = [
    { name: "no file: strict defaults", layers: {}, path: "policy.comment", expected: "hide" },
    { name: "org over defaults", layers: { org: { policy: { comment: "hold" } } }, path: "policy.comment", expected: "hold" },
    { name: "extended over org", layers: { org: { mode: "observe" }, extended: { mode: "enforce" } }, path: "mode", expected: "enforce" },
    { name: "repo over extended", layers: { extended: { digest: "daily" }, repo: { digest: "off" } }, path: "digest", expected: "off" },
    {
      name: "repo over org",
      layers: { org: { approvers: "admin" }, repo: { approvers: "maintain" } },
      path: "approvers",
      expected: "maintain",
    },
    {
      name: "sibling keys merge: org's policy.merge kept",
      layers: { org: { policy: { merge: "deny" } }, repo: { policy: { comment: "flag" } } },
      path: "policy.merge",
      expected: "deny",
    },
    {
      name: "sibling keys merge: repo's policy.comment applied",
      layers: { org: { policy: { merge: "deny" } }, repo: { policy: { comment: "flag" } } },
      path: "policy.comment",
      expected: "flag",
    },
    {
      name: "deep merge two levels down",
      layers: { org: { limits: { burst: { actions: 3 } } }, repo: { limits: { burst: { seconds: 10 } } } },
      path: "limits.burst",
      expected: { actions: 3, seconds: 10 },
    },
    {
      name: "arrays replace, not concatenate",
      layers: { org: { scope: { protected: ["a/**", "b/**"] } }, repo: { scope: { protected: ["c/**"] } } },
      path: "scope.protected",
      expected: ["c/**"],
    },
    { name: "an empty array is a value", layers: { repo: { breaker: { trip_on: [] } } }, path: "breaker.trip_on", expected: [] },
    {
      name: "unset key falls through every layer",
      layers: { org: { mode: "observe" }, extended: {}, repo: {} },
      path: "mode",
      expected: "observe",
    },
    {
      name: "_extends is not part of the result",
      layers: { repo: { _extends: "shared", mode: "enforce" } },
      path: "_extends",
      expected: undefined,
    },
    { name: "locked comes from the org file only", layers: { repo: { locked: ["mode"] } }, path: "locked", expected: undefined },
    {
      name: "the org's locked list is kept for the policy",
      layers: { org: { locked: ["policy.merge"] } },
      path: "locked",
      expected: ["policy.merge"],
    },
  ];
  test.each(rows)("$name", ({ layers, path, expected }) => {
    expect(at(mergeConfig(layers).config, path)).toEqual(expected);
  });

  test("with no layer, the result is exactly the strict defaults", () => {
    expect(mergeConfig({})).toEqual({ config: strictDefaults, lockedOverrides: [] });
  });

  test("inputs are not mutated and the result shares nothing with them", () => {
    const org: GuardrailsConfigFile = { locked: ["scope"], scope: { protected: ["x/**"] }, agents: ["a"] };
    const repo: GuardrailsConfigFile = { scope: { protected: [] }, agents: [{ login: "b", policy: { comment: "allow" } }] };
    const before = structuredClone({ org, repo, strictDefaults });
    const { config } = mergeConfig({ org, repo });
    config.scope.protected.push("mutated");
    config.agents.push("mutated");
    expect({ org, repo, strictDefaults }).toEqual(before);
  });
});

describe("mergeConfig locks: a repository file cannot change a locked key", () => {
  const rows: {
    name: string;
    org: GuardrailsConfigFile;
    extended?: GuardrailsConfigFile;
    repo: GuardrailsConfigFile;
    path: string;
    expected: unknown;
    overrides: string[];
  }[] = [
    {
      name: "locked leaf keeps the org value",
      org: { locked: ["policy.merge"], policy: { merge: "deny" } },
      repo: { policy: { merge: "require_approval", comment: "allow" } },
      path: "policy.merge",
      expected: "deny",
      overrides: ["policy.merge"],
    },
    {
      name: "unlocked sibling of a locked key still applies",
      org: { locked: ["policy.merge"], policy: { merge: "deny" } },
      repo: { policy: { merge: "require_approval", comment: "allow" } },
      path: "policy.comment",
      expected: "allow",
      overrides: ["policy.merge"],
    },
    {
      name: "locked key the org does not set keeps the strict default",
      org: { locked: ["mode"] },
      repo: { mode: "observe" },
      path: "mode",
      expected: "enforce",
      overrides: ["mode"],
    },
    {
      name: "locked subtree: every key below is the org's",
      org: { locked: ["limits"], limits: { actions_per_hour: 30 } },
      repo: { limits: { actions_per_hour: 1000, burst: { actions: 500 } } },
      path: "limits",
      expected: { ...strictDefaults.limits, actions_per_hour: 30 },
      overrides: ["limits"],
    },
    {
      name: "the _extends target cannot change it either",
      org: { locked: ["digest"], digest: "daily" },
      extended: { digest: "off" },
      repo: {},
      path: "digest",
      expected: "daily",
      overrides: ["digest"],
    },
    {
      name: "locking is both ways: a tighter repo value is not applied",
      org: { locked: ["policy.comment"], policy: { comment: "hide" } },
      repo: { policy: { comment: "hold" } },
      path: "policy.comment",
      expected: "hide",
      overrides: ["policy.comment"],
    },
    {
      name: "an array-valued lock",
      org: { locked: ["scope.protected"] },
      repo: { scope: { protected: [] } },
      path: "scope.protected",
      expected: [".github/**"],
      overrides: ["scope.protected"],
    },
    {
      name: "a repo value equal to the org's is not an override",
      org: { locked: ["policy.merge"], policy: { merge: "deny" } },
      repo: { policy: { merge: "deny" } },
      path: "policy.merge",
      expected: "deny",
      overrides: [],
    },
    {
      name: "a repo file that does not touch the key is not an override",
      org: { locked: ["policy.merge", "mode"] },
      repo: { digest: "off" },
      path: "digest",
      expected: "off",
      overrides: [],
    },
    {
      name: "a lock in the repo file itself means nothing",
      org: {},
      repo: { locked: ["mode"], mode: "observe" },
      path: "mode",
      expected: "observe",
      overrides: [],
    },
  ];
  test.each(rows)("$name", ({ org, extended, repo, path, expected, overrides }) => {
    const { config, lockedOverrides } = mergeConfig({ org, extended, repo });
    expect(at(config, path)).toEqual(expected);
    expect(lockedOverrides).toEqual(overrides);
  });

  test("per-agent overrides of a locked key are dropped from repository entries", () => {
    const { config, lockedOverrides } = mergeConfig({
      org: { locked: ["policy.merge", "owner"], owner: "security" },
      repo: { agents: [{ login: "sneaky[bot]", owner: "sneaky", policy: { merge: "require_approval", comment: "flag" } }] },
    });
    expect(config.agents[0]).toEqual({ login: "sneaky[bot]", policy: { comment: "flag" } });
    expect(lockedOverrides).toEqual(["policy.merge", "owner"]);
  });

  test("locking policy drops every per-agent policy of repository entries, leaving the name", () => {
    const { config, lockedOverrides } = mergeConfig({
      org: { locked: ["policy"] },
      repo: { agents: [{ login: "x[bot]", policy: { comment: "allow" } }] },
    });
    expect(config.agents).toContainEqual({ login: "x[bot]" });
    expect(lockedOverrides).toEqual(["policy"]);
  });

  test("the org's own per-agent entries are kept as the org wrote them", () => {
    const orgEntry = { login: "trusted[bot]", policy: { merge: "deny" as const } };
    const { config, lockedOverrides } = mergeConfig({ org: { locked: ["policy.merge"], agents: [orgEntry] }, repo: {} });
    expect(config.agents).toEqual([orgEntry]);
    expect(lockedOverrides).toEqual([]);
  });

  test("locked agents: the org's list only, and the repo's additions are reported", () => {
    const { config, lockedOverrides } = mergeConfig({ org: { locked: ["agents"], agents: ["a[bot]"] }, repo: { agents: ["b[bot]"] } });
    expect(config.agents).toEqual(["a[bot]"]);
    expect(lockedOverrides).toEqual(["agents"]);
  });
});

describe("mergeConfig agents: a union, so no file can remove an agent", () => {
  test("a repository list adds to the org list instead of replacing it", () => {
    const { config } = mergeConfig({ org: { agents: ["org-agent[bot]"] }, repo: { agents: ["repo-agent[bot]"] } });
    expect(config.agents).toEqual(expect.arrayContaining(["org-agent[bot]", "repo-agent[bot]"]));
    expect(config.agents).toHaveLength(2);
  });

  test("an empty repository list removes nothing", () => {
    expect(mergeConfig({ repo: { agents: [] } }).config.agents).toEqual(strictDefaults.agents);
  });

  test("without an org list, the built-in agents stay listed", () => {
    const { config } = mergeConfig({ repo: { agents: ["other[bot]"] } });
    expect(config.agents).toEqual(expect.arrayContaining([...strictDefaults.agents, "other[bot]"]));
  });

  test("the org's list replaces the built-in one (the org decides), and extended/repo lists add to it", () => {
    const { config } = mergeConfig({ org: { agents: ["only[bot]"] }, extended: { agents: ["ext[bot]"] }, repo: { agents: ["repo[bot]"] } });
    expect([...config.agents].sort()).toEqual(["ext[bot]", "only[bot]", "repo[bot]"]);
  });

  test("order: org entries with settings, then repo, then _extends, then the org's plain names; duplicates once", () => {
    const orgStrict = { login: "probation[bot]", policy: { comment: "hold" as const } };
    const { config } = mergeConfig({
      org: { agents: ["Copilot", orgStrict] },
      extended: { agents: ["ext[bot]", "Copilot"] },
      repo: {
        agents: [
          { login: "Copilot", policy: { comment: "flag" } },
          { login: "probation[bot]", policy: { comment: "allow" } },
        ],
      },
    });
    expect(config.agents).toEqual([
      orgStrict,
      { login: "Copilot", policy: { comment: "flag" } },
      { login: "probation[bot]", policy: { comment: "allow" } },
      "ext[bot]",
      "Copilot",
    ]);
  });
});

describe("bypass: a 20,000-entry agents list blocked every delivery (the merge was quadratic)", () => {
  // Speed goals live in `npm run bench` (bench/README.md); this checks the result on a list large
  // enough that a pairwise merge (2.5·10⁹ comparisons for 50,000 entries) would not finish
  // within jest's timeout.
  const N = 50_000;
  test("50,000 entries, each also repeated in another case and in another layer: each kept once, in order", () => {
    const repo = Array.from({ length: N }, (_, i) => `agent-${i}[bot]`);
    const extended = [...repo.map((login) => login.toUpperCase()), ...Array.from({ length: N }, (_, i) => 1_000_000 + i)];
    const org = [{ login: "lead[bot]", policy: { comment: "allow" as const } }, "Copilot", ...repo.slice(0, 100)];
    const { config } = mergeConfig({ org: { agents: org }, extended: { agents: extended }, repo: { agents: [...repo, ...repo] } });
    expect(config.agents).toHaveLength(1 + N + N + 1);
    expect(config.agents[0]).toEqual(org[0]);
    expect(config.agents.slice(1, N + 1)).toEqual(repo);
    expect(config.agents[N + 1]).toBe(1_000_000);
    expect(config.agents.at(-1)).toBe("Copilot");
  });

  test("mappings that differ only in key order or login case are duplicates; different settings are not", () => {
    const { config } = mergeConfig({
      repo: {
        agents: [
          { login: "a[bot]", policy: { comment: "allow", merge: "deny" } },
          { policy: { merge: "deny", comment: "allow" }, login: "A[BOT]" },
          { login: "a[bot]", policy: { comment: "flag" } },
        ],
      },
    });
    expect(config.agents.filter((e) => typeof e === "object")).toEqual([
      { login: "a[bot]", policy: { comment: "allow", merge: "deny" } },
      { login: "a[bot]", policy: { comment: "flag" } },
    ]);
  });
});
