import type { GuardrailsConfig } from "./schema.js";

/**
 * The strict defaults: what applies with no config file, and under every key an invalid file
 * failed to set. Strict means the permission table of the README, never "off".
 * Copilot's coding agent is listed by default under both of its identities: `Copilot` on pull
 * requests and comments, `copilot-swe-agent[bot]` on commits (../shared/TECH-NOTES.md).
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
  },
  scope: { paths: ["**"], protected: [".github/**"] },
  limits: {
    actions_per_hour: 60,
    comments_per_hour: 20,
    pull_requests_per_hour: 10,
    burst: { actions: 10, seconds: 60 },
    repos_per_hour: 5,
  },
  breaker: {
    trip_on: ["rate", "burst", "scope", "protected", "blast_radius", "merge", "push_default_branch"],
    contain: ["unassign", "draft_prs", "hide_comments", "close_issues", "revert_pushes", "revert_merges"],
    lookback: "1h",
  },
  digest: "weekly",
};
