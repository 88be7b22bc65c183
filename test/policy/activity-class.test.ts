import { describe, expect, test } from "@jest/globals";
import { ACTION_KINDS } from "../../src/policy/agent-action.js";
import { activityClass } from "../../src/policy/breaker/activity-counts.js";

/** The kinds that are comments: text an agent posts where people read it. */
const COMMENTS = new Set([
  "issue_comment.created",
  "pull_request_review_comment.created",
  "discussion_comment.created",
  "pull_request_review.submitted",
  "discussion.created",
  "commit_comment.created",
]);

describe("activityClass: what each agent action adds to", () => {
  test.each(ACTION_KINDS.map((kind) => [kind] as const))("%s", (kind) => {
    expect(activityClass(kind)).toEqual({
      // Every write is an action; a workflow run is started by a write counted already.
      action: kind !== "workflow_run.requested",
      comment: COMMENTS.has(kind),
      pullRequest: kind === "pull_request.opened",
    });
  });
});
