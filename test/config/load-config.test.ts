import { describe, expect, test } from "@jest/globals";
import { knownCodingAgents, strictDefaults } from "../../src/config/defaults.js";
import { CONFIG_PATH, heldKey, loadConfig, type LoadConfigDeps } from "../../src/config/load-config.js";
import { MAX_CONFIG_BYTES, MAX_ISSUES_PER_FILE } from "../../src/config/parse-config-file.js";
import { GitHubError } from "../../src/github/github-adapter.js";
import type { RepoRef } from "../../src/policy/agent-action.js";

/** Default-branch files by `owner/repo`; a GitHubError is thrown instead of answered. */
type Files = Record<string, string | GitHubError | undefined>;

/** A plain fake: every fact and failure one field away, every read counted. */
function fakeGitHub(files: Files) {
  const reads: string[] = [];
  return {
    reads,
    files,
    async getDefaultBranchFile(repo: RepoRef, path: string): Promise<string | null> {
      reads.push(`${repo.owner}/${repo.repo}:${path}`);
      const file = files[`${repo.owner}/${repo.repo}`];
      if (file instanceof GitHubError) throw file;
      return file ?? null;
    },
    /** `sha@owner/repo` keys: the file at a commit. */
    async getFileAtCommit(repo: RepoRef, path: string, sha: string): Promise<string | null> {
      reads.push(`${repo.owner}/${repo.repo}:${path}@${sha}`);
      const file = files[`${sha}@${repo.owner}/${repo.repo}`];
      if (file instanceof GitHubError) throw file;
      return file ?? null;
    },
  };
}

function fakeCache() {
  const entries = new Map<string, { text: string | null; fetchedAt: string }>();
  const puts: string[] = [];
  return {
    entries,
    puts,
    async getCachedFile(key: string) {
      return entries.get(key) ?? null;
    },
    async putCachedFile(key: string, text: string | null, fetchedAt: string) {
      puts.push(key);
      entries.set(key, { text, fetchedAt });
    },
  };
}

const NOW = new Date("2030-01-01T12:00:00Z");
const REPO = { owner: "acme", repo: "widgets" };
const REPO_FILE = `acme/widgets:${CONFIG_PATH}`;
const ORG_FILE = `acme/.github:${CONFIG_PATH}`;

function setup(files: Files) {
  const github = fakeGitHub(files);
  const cache = fakeCache();
  const deps = (now = NOW): LoadConfigDeps => ({ github, cache, now });
  return { github, cache, deps };
}

describe("loadConfig: which files", () => {
  test("reads the repository file and the org file, and merges them", async () => {
    const { github, deps } = setup({ "acme/widgets": "policy:\n  comment: flag\n", "acme/.github": "policy:\n  merge: deny\n" });
    const loaded = await loadConfig(deps(), REPO);
    expect([...github.reads].sort()).toEqual([ORG_FILE, REPO_FILE]);
    expect(loaded.config.policy).toMatchObject({ comment: "flag", merge: "deny" });
    expect(loaded).toMatchObject({ issues: [], sources: [ORG_FILE, REPO_FILE], lockedOverrides: [] });
    expect(loaded.fallback).toBeUndefined();
  });

  test("no file anywhere: the strict defaults", async () => {
    const { deps } = setup({});
    expect(await loadConfig(deps(), REPO)).toEqual({ config: strictDefaults, issues: [], sources: [], lockedOverrides: [] });
  });

  test("a repository with no _extends is still bound by the org's locks", async () => {
    const { deps } = setup({ "acme/widgets": "mode: observe\n", "acme/.github": "locked: [mode]\n" });
    const loaded = await loadConfig(deps(), REPO);
    expect(loaded.config.mode).toBe("enforce");
    expect(loaded.lockedOverrides).toEqual(["mode"]);
  });

  test("in the .github repository, its file is the org file (one read)", async () => {
    const { github, deps } = setup({ "acme/.github": "digest: off\nlocked: [digest]\n" });
    const loaded = await loadConfig(deps(), { owner: "acme", repo: ".github" });
    expect(github.reads).toEqual([ORG_FILE]);
    expect(loaded.config.digest).toBe("off");
    expect(loaded.sources).toEqual([ORG_FILE]);
  });

  test("_extends: the target sits between the org file and the repository file", async () => {
    const { github, deps } = setup({
      "acme/.github": "digest: daily\nmode: observe\n",
      "acme/shared": "digest: off\napprovers: admin\n",
      "acme/widgets": "_extends: shared\napprovers: maintain\n",
    });
    const loaded = await loadConfig(deps(), REPO);
    expect(github.reads).toHaveLength(3);
    expect(loaded.config).toMatchObject({ mode: "observe", digest: "off", approvers: "maintain" });
    expect(loaded.sources).toEqual([ORG_FILE, `acme/shared:${CONFIG_PATH}`, REPO_FILE]);
  });

  test("_extends: owner/repo of the same owner works too, and .github costs no second read", async () => {
    const { github, deps } = setup({ "acme/.github": "digest: daily\n", "acme/widgets": "_extends: acme/.github\n" });
    const loaded = await loadConfig(deps(), REPO);
    expect(github.reads).toHaveLength(2);
    expect(loaded).toMatchObject({ issues: [], config: { digest: "daily" } });
  });

  test("_extends is one level: the target's own _extends is not followed", async () => {
    const { github, deps } = setup({ "acme/widgets": "_extends: a\n", "acme/a": "_extends: b\n", "acme/b": "digest: off\n" });
    const loaded = await loadConfig(deps(), REPO);
    expect(github.reads).not.toContain(`acme/b:${CONFIG_PATH}`);
    expect(loaded.config.digest).toBe("weekly");
  });

  test("_extends to another owner is an issue and is not read", async () => {
    const { github, deps } = setup({ "acme/widgets": "_extends: evil/config\n", "evil/config": "mode: observe\n" });
    const loaded = await loadConfig(deps(), REPO);
    expect(github.reads.some((r) => r.startsWith("evil/"))).toBe(false);
    expect(loaded.issues).toEqual([
      { file: REPO_FILE, path: "_extends", message: expect.stringMatching(/another owner/) as unknown as string },
    ]);
    expect(loaded.config.mode).toBe("enforce");
  });

  test("_extends to a repository without the file is an issue", async () => {
    const { deps } = setup({ "acme/widgets": "_extends: missing\n" });
    const loaded = await loadConfig(deps(), REPO);
    expect(loaded.issues).toEqual([
      { file: REPO_FILE, path: "_extends", message: expect.stringMatching(/acme\/missing has no/) as unknown as string },
    ]);
  });
});

describe("loadConfig: the cache", () => {
  const files = { "acme/widgets": "digest: daily\n", "acme/.github": "approvers: admin\n" };

  test("a second load with a warm cache costs zero GitHub reads", async () => {
    const { github, deps } = setup(files);
    const first = await loadConfig(deps(), REPO);
    expect(github.reads).toHaveLength(2);
    const second = await loadConfig(deps(new Date(NOW.getTime() + 60 * 60 * 1000)), REPO);
    expect(github.reads).toHaveLength(2);
    expect(second).toEqual(first);
  });

  test("an absent file is cached as null and not asked for again", async () => {
    const { github, cache, deps } = setup({});
    await loadConfig(deps(), REPO);
    expect(cache.entries.get(ORG_FILE)).toEqual({ text: null, fetchedAt: NOW.toISOString() });
    await loadConfig(deps(), REPO);
    expect(github.reads).toHaveLength(2);
  });

  test("a cached entry is used without asking GitHub, even if GitHub changed (push invalidation is elsewhere)", async () => {
    const { github, cache, deps } = setup(files);
    cache.entries.set(REPO_FILE, { text: "digest: off\n", fetchedAt: NOW.toISOString() });
    const loaded = await loadConfig(deps(), REPO);
    expect(github.reads).toEqual([ORG_FILE]);
    expect(loaded.config.digest).toBe("off");
  });

  test("an entry older than 24 h is read again", async () => {
    const { github, cache, deps } = setup(files);
    const old = new Date(NOW.getTime() - 25 * 60 * 60 * 1000).toISOString();
    const recent = new Date(NOW.getTime() - 23 * 60 * 60 * 1000).toISOString();
    cache.entries.set(REPO_FILE, { text: "digest: off\n", fetchedAt: old });
    cache.entries.set(ORG_FILE, { text: "approvers: admin\n", fetchedAt: recent });
    const loaded = await loadConfig(deps(), REPO);
    expect(github.reads).toEqual([REPO_FILE]);
    expect(loaded.config.digest).toBe("daily");
    expect(cache.entries.get(REPO_FILE)).toEqual({ text: "digest: daily\n", fetchedAt: NOW.toISOString() });
  });

  test("the last valid config is stored on success, and written again only when it changes", async () => {
    const { cache, deps } = setup(files);
    await loadConfig(deps(), REPO);
    await loadConfig(deps(), REPO);
    expect(cache.puts.filter((k) => k === "acme/widgets:#last-valid")).toHaveLength(1);
    expect(JSON.parse(cache.entries.get("acme/widgets:#last-valid")?.text ?? "null")).toMatchObject({
      digest: "daily",
      approvers: "admin",
    });
  });
});

describe("loadConfig: an invalid file never loosens anything", () => {
  test("invalid repository file, nothing valid before: strict defaults, the org's locks, every agent named; issues returned", async () => {
    const { cache, deps } = setup({
      "acme/.github": "policy:\n  comment: allow\n  merge: deny\nlocked: [policy.merge]\nagents:\n  - org-agent[bot]\n",
      "acme/widgets":
        "policy:\n  comment: allow\n  typo: 1\nagents:\n  - repo-agent[bot]\n  - login: repo-agent-2[bot]\n    policy: { pull_request: allow }\n  - {}\n",
    });
    const loaded = await loadConfig(deps(), REPO);
    expect(loaded.issues.map((i) => `${i.file} ${i.path}`)).toEqual([`${REPO_FILE} agents.2`, `${REPO_FILE} policy.typo`]);
    expect(loaded.fallback).toBe("strict-defaults");
    // The org's unlocked loosening is not applied; its lock is.
    expect(loaded.config.policy).toEqual({ ...strictDefaults.policy, merge: "deny" });
    // Agents from both files still count, without the broken file's per-agent settings.
    expect(loaded.config.agents).toEqual(
      expect.arrayContaining([...strictDefaults.agents, "org-agent[bot]", "repo-agent[bot]", { login: "repo-agent-2[bot]" }]),
    );
    expect(loaded.config.agents).not.toContainEqual(expect.objectContaining({ policy: expect.anything() }));
    expect(cache.entries.has("acme/widgets:#last-valid")).toBe(false);
  });

  test("invalid repository file after a valid one: the last valid config, tightened by the current org locks", async () => {
    const { github, cache, deps } = setup({ "acme/widgets": "policy:\n  comment: hold\n  issue: allow\n" });
    const valid = await loadConfig(deps(), REPO);
    expect(valid.config.policy.comment).toBe("hold");

    cache.entries.delete(REPO_FILE); // a push touched the file
    cache.entries.delete(ORG_FILE);
    github.files["acme/widgets"] = "policy:\n  comment: allow\n  issue: allow\nmode: off\nagents:\n  - new-agent[bot]\n";
    github.files["acme/.github"] = "locked: [policy.issue]\n";
    const broken = await loadConfig(deps(), REPO);
    expect(broken.fallback).toBe("last-valid");
    expect(broken.issues).toEqual([{ file: REPO_FILE, path: "mode", message: "expected one of: enforce, observe", line: 4 }]);
    expect(broken.config.policy).toEqual({ ...strictDefaults.policy, comment: "hold", issue: strictDefaults.policy.issue });
    expect(broken.config.agents).toContain("new-agent[bot]");
    expect(broken.sources).toEqual(["acme/widgets:#last-valid", ORG_FILE]);
  });

  test("invalid org file: the issue names it, and nothing from any file loosens the defaults", async () => {
    const { deps } = setup({ "acme/.github": "locked: [mode]\nmode: [\n", "acme/widgets": "mode: observe\n" });
    const loaded = await loadConfig(deps(), REPO);
    expect(loaded.issues).toEqual([expect.objectContaining({ file: ORG_FILE, path: "" })]);
    expect(loaded.config.mode).toBe("enforce");
    expect(loaded.fallback).toBe("strict-defaults");
  });

  test("invalid org file after a valid load: the last valid config keeps the locks it was built under", async () => {
    const { github, cache, deps } = setup({
      "acme/.github": "locked: [policy.comment]\npolicy:\n  comment: hold\n",
      "acme/widgets": "policy:\n  comment: allow\n",
    });
    expect((await loadConfig(deps(), REPO)).config).toMatchObject({ locked: ["policy.comment"], policy: { comment: "hold" } });
    cache.entries.delete(ORG_FILE);
    github.files["acme/.github"] = "locked: [nonsense]\n";
    const loaded = await loadConfig(deps(), REPO);
    expect(loaded).toMatchObject({ fallback: "last-valid", config: { locked: ["policy.comment"], policy: { comment: "hold" } } });
  });

  test("an unreadable stored last-valid config is ignored, not trusted", async () => {
    const { cache, deps } = setup({ "acme/widgets": "mode: nope\n" });
    cache.entries.set("acme/widgets:#last-valid", { text: '{"mode":"observe"}', fetchedAt: NOW.toISOString() });
    const loaded = await loadConfig(deps(), REPO);
    expect(loaded).toMatchObject({ fallback: "strict-defaults", config: { mode: "enforce" } });
  });

  test.each([
    ["binary garbage", "\u0000\u0001\u00ff{{{"],
    ["a YAML list", "- a\n- b\n"],
    [
      "a huge alias expansion",
      "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
    ],
  ])("never throws on bad content: %s", async (_name, text) => {
    const { deps } = setup({ "acme/widgets": text });
    const loaded = await loadConfig(deps(), REPO);
    expect(loaded.issues.length).toBeGreaterThan(0);
    // The strict defaults, with the well-known coding agents added (a broken file names nobody).
    expect(loaded.config).toEqual({ ...strictDefaults, agents: [...new Set([...strictDefaults.agents, ...knownCodingAgents])] });
  });
});

describe("bypass: agents named only in a file whose YAML is broken were dropped", () => {
  const BROKEN = "agents:\n  - sneaky-agent[bot]\n  - devin-ai-integration[bot]\npolicy: merge: deny\n";

  test("no earlier valid config: the org file's agents and the well-known coding agents still apply", async () => {
    const { deps } = setup({ "acme/.github": "agents:\n  - org-agent[bot]\n", "acme/widgets": BROKEN });
    const loaded = await loadConfig(deps(), REPO);
    expect(loaded.fallback).toBe("strict-defaults");
    expect(loaded.issues).toEqual([expect.objectContaining({ file: REPO_FILE, message: expect.stringMatching(/^invalid YAML/) })]);
    expect(loaded.config.agents).toEqual(expect.arrayContaining(["org-agent[bot]", ...knownCodingAgents]));
  });

  test("the org file's YAML is broken too: the built-in list is still there", async () => {
    const { deps } = setup({ "acme/.github": "agents: [\n", "acme/widgets": BROKEN });
    const loaded = await loadConfig(deps(), REPO);
    expect(loaded.config.agents).toEqual(expect.arrayContaining([...knownCodingAgents]));
    for (const login of [
      "claude[bot]",
      "chatgpt-codex-connector[bot]",
      "cursor[bot]",
      "google-labs-jules[bot]",
      "devin-ai-integration[bot]",
      "Copilot",
    ]) {
      expect(loaded.config.agents).toContain(login);
    }
  });

  test("a valid but invalid-by-schema file also gets the built-in list on top of what it names", async () => {
    const { deps } = setup({ "acme/widgets": "mode: off\nagents:\n  - repo-agent[bot]\n" });
    const loaded = await loadConfig(deps(), REPO);
    expect(loaded.config.agents).toEqual(expect.arrayContaining(["repo-agent[bot]", ...knownCodingAgents]));
  });

  test("the built-in list never includes a broad glob (it would make dependabot or this app an agent)", () => {
    for (const entry of knownCodingAgents) {
      if (typeof entry === "string") expect(entry).not.toMatch(/[*?]/);
    }
  });

  test("a valid config is not widened by the built-in list: the org decides who is an agent", async () => {
    const { deps } = setup({ "acme/.github": "agents:\n  - org-agent[bot]\n" });
    expect((await loadConfig(deps(), REPO)).config.agents).toEqual(["org-agent[bot]"]);
  });
});

describe("bypass: a config file of hundreds of thousands of entries stalled every delivery", () => {
  test("a file over MAX_CONFIG_BYTES is invalid: reported, not parsed, and the fallback applies (never off)", async () => {
    const huge = "mode: observe\nagents:\n" + "  - a-very-long-agent-name-number-x[bot]\n".repeat(Math.ceil(MAX_CONFIG_BYTES / 40) + 1);
    const { deps } = setup({ "acme/widgets": huge });
    const loaded = await loadConfig(deps(), REPO);
    expect(loaded.issues).toEqual([
      { file: REPO_FILE, path: "", message: expect.stringMatching(/over the limit of 512 KB: it was not read/) },
    ]);
    expect(loaded.fallback).toBe("strict-defaults");
    expect(loaded.config.mode).toBe("enforce");
    expect(loaded.config.agents).toEqual(expect.arrayContaining([...knownCodingAgents]));
  });
});

describe("bypass: a file of thousands of bad entries floods the report", () => {
  test("a bounded list of issues is reported", async () => {
    const { deps } = setup({ "acme/widgets": "agents:\n" + '  - "[x"\n'.repeat(5_000) });
    const loaded = await loadConfig(deps(), REPO);
    expect(loaded.issues).toHaveLength(MAX_ISSUES_PER_FILE);
    expect(loaded.issues.at(-1)).toEqual({ file: REPO_FILE, path: "", message: `and ${5_000 - MAX_ISSUES_PER_FILE + 1} more problems` });
  });
});

describe("bypass: an agents pattern matching every account", () => {
  test('agents: ["*"] makes the file invalid, and the pattern is not salvaged into the fallback', async () => {
    const { deps } = setup({ "acme/widgets": 'agents:\n  - "*"\n  - my-agent[bot]\n' });
    const loaded = await loadConfig(deps(), REPO);
    expect(loaded.issues).toEqual([expect.objectContaining({ path: "agents.0", message: expect.stringMatching(/matches every account/) })]);
    expect(loaded.config.agents).toContain("my-agent[bot]");
    expect(loaded.config.agents).not.toContain("*");
  });

  test("an impossible glob in scope is an invalid config for the app", async () => {
    const { deps } = setup({ "acme/widgets": 'scope:\n  protected: ["[bad"]\n' });
    const loaded = await loadConfig(deps(), REPO);
    expect(loaded.issues).toEqual([
      expect.objectContaining({ path: "scope.protected.0", message: expect.stringMatching(/not a valid glob/) }),
    ]);
    expect(loaded.config.scope.protected).toEqual(strictDefaults.scope.protected);
  });
});

describe("loadConfig: GitHub errors", () => {
  test("not_found means no file (no .github repository, or no access to it)", async () => {
    const { deps } = setup({ "acme/.github": new GitHubError("not_found", "Not Found", 404), "acme/widgets": "digest: off\n" });
    const loaded = await loadConfig(deps(), REPO);
    expect(loaded).toMatchObject({ issues: [], config: { digest: "off" }, sources: [REPO_FILE] });
  });

  test("any other GitHub error propagates and nothing is cached for it", async () => {
    const { cache, deps } = setup({ "acme/.github": new GitHubError("server", "Bad Gateway", 502) });
    await expect(loadConfig(deps(), REPO)).rejects.toMatchObject({ kind: "server" });
    expect(cache.entries.has(ORG_FILE)).toBe(false);
  });
});

describe("loadConfig: a file an agent changed", () => {
  const SHA = "b".repeat(40);

  test("pinned: with no cached entry the file is read at the push's before commit, never from the default branch", async () => {
    const { github, deps } = setup({ "acme/widgets": "mode: observe\n", [`${SHA}@acme/widgets`]: "policy:\n  comment: flag\n" });
    const loaded = await loadConfig({ ...deps(), pin: { key: REPO_FILE, sha: SHA } }, REPO);
    expect(loaded.config.mode).toBe("enforce");
    expect(loaded.config.policy.comment).toBe("flag");
    expect(github.reads).not.toContain(REPO_FILE);
    expect(github.reads).toContain(`${REPO_FILE}@${SHA}`);
  });

  test("held: a cached entry is used however old, and a missing one is read at the held commit", async () => {
    const { github, cache, deps } = setup({ "acme/widgets": "mode: observe\n", [`${SHA}@acme/widgets`]: "policy:\n  comment: flag\n" });
    cache.entries.set(heldKey(REPO_FILE), { text: SHA, fetchedAt: "2000-01-01T00:00:00Z" });
    cache.entries.set(REPO_FILE, { text: "policy:\n  comment: allow\n", fetchedAt: "2000-01-01T00:00:00Z" });
    expect((await loadConfig(deps(), REPO)).config.policy.comment).toBe("allow");
    cache.entries.delete(REPO_FILE);
    expect((await loadConfig(deps(), REPO)).config.policy.comment).toBe("flag");
    expect(github.reads).not.toContain(REPO_FILE);
  });
});
