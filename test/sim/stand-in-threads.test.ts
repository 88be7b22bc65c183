import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import type { StandIn } from "../../src/sim/github-stand-in.js";
import { agent, call, graphql, pullPayload, repository, sha, startStandIn } from "./stand-in-client.js";

let standIn: StandIn;
beforeEach(async () => {
  standIn = await startStandIn();
});
afterEach(() => standIn.close());

const ADD = `mutation($discussionId: ID!, $body: String!, $replyToId: ID) {
  addDiscussionComment(input: {discussionId: $discussionId, body: $body, replyToId: $replyToId}) { comment { id databaseId url } }
}`;

describe("discussions", () => {
  beforeEach(() => {
    standIn.observe("discussion_comment", {
      action: "created",
      discussion: { number: 8, node_id: "D_8", title: "Q" },
      comment: { id: 801, node_id: "DC_801", body: "question", user: agent },
      repository,
    });
  });

  test("addDiscussionComment lands in that discussion, in the thread it replies to, with GitHub's URL", async () => {
    const reply = await graphql(standIn, ADD, { discussionId: "D_8", body: "answer", replyToId: "DC_801" });
    const comment = (reply.json?.data as { addDiscussionComment: { comment: { id: string; databaseId: number; url: string } } })
      .addDiscussionComment.comment;
    expect(comment.url).toBe(`https://github.com/acme/widgets/discussions/8#discussioncomment-${comment.databaseId}`);
    // Replying to the reply joins the same thread.
    const nested = await graphql(standIn, ADD, { discussionId: "D_8", body: "more", replyToId: comment.id });
    expect(nested.json?.errors).toBeUndefined();
    const deleted = await graphql(
      standIn,
      `
        mutation ($id: ID!) {
          deleteDiscussionComment(input: { id: $id }) {
            comment {
              id
            }
          }
        }
      `,
      { id: comment.id },
    );
    expect(deleted.json).toEqual({ data: { deleteDiscussionComment: { comment: { id: comment.id } } } });
  });

  test.each([
    ["an unknown discussion", ADD, { discussionId: "D_nope", body: "x" }, "addDiscussionComment"],
    ["a reply to a comment of no such thread", ADD, { discussionId: "D_8", body: "x", replyToId: "DC_nope" }, "addDiscussionComment"],
    [
      "deleting an unknown discussion comment",
      `mutation($id: ID!) { deleteDiscussionComment(input: {id: $id}) { comment { id } } }`,
      { id: "DC_nope" },
      "deleteDiscussionComment",
    ],
    [
      "minimizing an unknown node",
      `mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: SPAM}) { minimizedComment { isMinimized } } }`,
      { id: "IC_nope" },
      "minimizeComment",
    ],
    [
      "unminimizing an unknown node",
      `mutation($id: ID!) { unminimizeComment(input: {subjectId: $id}) { unminimizedComment { isMinimized } } }`,
      { id: "IC_nope" },
      "unminimizeComment",
    ],
  ])("%s is NOT_FOUND (HTTP 200 with errors)", async (_what, query, variables, field) => {
    const reply = await graphql(standIn, query, variables);
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ data: { [field]: null }, errors: [{ type: "NOT_FOUND", path: [field] }] });
  });
});

describe("review comment replies", () => {
  test("a reply joins the thread of the comment it answers; an unknown comment is 404", async () => {
    standIn.observe("pull_request", pullPayload(5, "agent/x", sha("a")));
    standIn.observe("pull_request_review_comment", {
      action: "created",
      pull_request: { number: 5 },
      comment: { id: 501, node_id: "PRRC_501", body: "why?", path: "src/a.ts", line: 3, commit_id: sha("a"), user: agent },
      repository,
    });
    const reply = await call(standIn, "POST", "/repos/acme/widgets/pulls/5/comments/501/replies", { body: "because" });
    expect(reply).toMatchObject({ status: 201, json: { in_reply_to_id: 501, path: "src/a.ts", body: "because" } });
    const again = await call(standIn, "POST", `/repos/acme/widgets/pulls/5/comments/${String(reply.json?.id)}/replies`, { body: "and" });
    expect(again.json).toMatchObject({ in_reply_to_id: 501 });
    const listed = await call(standIn, "GET", "/repos/acme/widgets/pulls/5/comments");
    expect((listed.json as unknown as { id: number }[]).map((c) => c.id)).toEqual([501, reply.json?.id, again.json?.id]);
    expect((await call(standIn, "POST", "/repos/acme/widgets/pulls/5/comments/999/replies", { body: "x" })).status).toBe(404);
    // The comment belongs to PR 5, not another number.
    expect((await call(standIn, "POST", "/repos/acme/widgets/pulls/6/comments/501/replies", { body: "x" })).status).toBe(404);
  });
});
