import type { GuardrailsConfig } from "./schema.js";

/**
 * The strict defaults: what applies with no config file, and under every key an invalid file
 * failed to set. Strict means the permission table of the README, never "off".
 * Copilot's coding agent is listed by default under both of its identities: `Copilot` on pull
 * requests and comments, `copilot-swe-agent[bot]` on commits (docs/github-behaviour.md).
 */
export const strictDefaults: GuardrailsConfig = {
  mode: "enforce",
  owner: "",
  agents: ["Copilot", "copilot-swe-agent[bot]", 198982749],
  approvers: "write",
  policy: {
    pull_request: "draft",
    merge: "require_approval",
    push_default_branch: "revert",
    comment: "hide",
    external_comment: "hold",
    issue: "flag",
    release: "draft",
  },
  scope: { paths: ["**"], protected: [".github/**"] },
  limits: {
    actions_per_hour: 60,
    comments_per_hour: 20,
    pull_requests_per_hour: 10,
    burst: { actions: 10, seconds: 60 },
    repos_per_hour: 5,
    loop: { replies: 6, seconds: 600 },
  },
  breaker: {
    trip_on: ["rate", "burst", "scope", "protected", "blast_radius", "merge", "push_default_branch", "loop", "tamper"],
    // cancel_workflows is not a default: it needs `actions: write`, which app.yml does not ask for.
    contain: [
      "unassign",
      "draft_prs",
      "hide_comments",
      "close_issues",
      "revert_pushes",
      "revert_merges",
      "reopen_closed",
      "restore_labels",
      "restore_text",
      "delete_refs",
      "restore_branches",
      "disable_auto_merge",
      "draft_releases",
    ],
    cut_off: [],
    lookback: "1h",
  },
  digest: "weekly",
  tiers: {
    suspected: { pull_request: "gate", comment: "flag", issue: "flag" },
    assisted: { pull_request: "label", comment: "allow", issue: "allow" },
    alert: true,
    known_agents: [],
  },
};

/**
 * Well-known AI coding agents, by login. Added to `agents` whenever a config file is invalid
 * (load-config.ts): a file broken so that its YAML does not parse names no agent the app can
 * read, and without this list an agent named only there would be treated as a person. Only
 * accounts that write code or comments as an agent are listed, never a broad glob: `*[bot]`
 * would also match dependabot, renovate, github-actions and this app.
 * Sources (the logins as they appear on GitHub):
 * - `Copilot`, `copilot-swe-agent[bot]`, id 198982749: Copilot coding agent (docs/github-behaviour.md);
 * - `devin-ai-integration[bot]`: Devin (Cognition), github.com/apps/devin-ai-integration, seen as the
 *   co-author `158243242+devin-ai-integration[bot]@users.noreply.github.com` of Devin's commits;
 * - `claude[bot]`: Claude (Anthropic) GitHub app, github.com/apps/claude (anthropics/claude-code-action);
 * - `chatgpt-codex-connector[bot]`: OpenAI Codex's GitHub connector (reviews and cloud tasks);
 * - `cursor[bot]`: Cursor's GitHub app (background agents, Bugbot);
 * - `google-labs-jules[bot]`: Jules (Google Labs), co-author `161369871+google-labs-jules[bot]@…`.
 * Review-only bots (gemini-code-assist[bot], coderabbitai[bot]) are not listed: list them yourself.
 */
export const knownCodingAgents: readonly (string | number)[] = [
  "Copilot",
  "copilot-swe-agent[bot]",
  198982749,
  "devin-ai-integration[bot]",
  "claude[bot]",
  "chatgpt-codex-connector[bot]",
  "cursor[bot]",
  "google-labs-jules[bot]",
];
