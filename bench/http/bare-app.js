/**
 * The floor of the HTTP bench: a Probot app that subscribes to the events agent-guardrails watches
 * (src/create-guardrails.ts WATCHED_EVENTS, listed here so that this app loads none of ours; a test
 * keeps the two lists equal) and does nothing. `probot run bench/http/bare-app.js` serves it
 * exactly as it serves ./lib/index.js: same webhook middleware, same signature check.
 */
export const BARE_EVENTS = [
  "pull_request",
  "pull_request_review",
  "pull_request_review_comment",
  "issue_comment",
  "issues",
  "discussion_comment",
  "push",
  "create",
  "delete",
  "release",
  "discussion",
  "commit_comment",
  "workflow_dispatch",
  "workflow_run",
  "check_run",
];

/** @param {import("probot").Probot} app */
export default function bareApp(app) {
  app.on(BARE_EVENTS, async () => {});
}
