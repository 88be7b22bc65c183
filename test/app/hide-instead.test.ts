import { beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { accounts, issueCommentEvent } from "../fixtures/webhook-examples.js";
import { API, recorder, serveConfig, type TestApp, useNockApp } from "./harness.js";

let app: TestApp;
const currentApp = useNockApp();
beforeEach(() => {
  app = currentApp();
});

const CONFIG = ["owner: maint", `agents: ["copilot-swe-agent[bot]", "Copilot"]`, "policy: { comment: hold }"].join("\n");
const paths = (from: number) =>
  app.sent
    .slice(from)
    .filter((r) => !r.path.includes("/contents/"))
    .map((r) => `${r.method} ${r.path}`);

describe("GitHub refusing to delete a held comment", () => {
  test("the comment is hidden instead, and an approval unminimizes it — never a second copy", async () => {
    serveConfig(app.sent, CONFIG);
    nock(API)
      .delete("/repos/acme/widgets/issues/comments/5001")
      .reply(recorder(app.sent, 403, { message: "Resource not accessible by integration" }));
    nock(API)
      .post("/graphql")
      .reply(recorder(app.sent, 200, { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } }));
    await app.receive("issue_comment", issueCommentEvent(accounts.copilot, { number: 7, commentId: 5001, body: "done" }));
    expect(paths(0)).toEqual(["DELETE /repos/acme/widgets/issues/comments/5001", "POST /graphql"]);
    expect(String((app.sent.at(-1)!.body as { query: string }).query)).toContain("minimizeComment");
    const [held] = await app.store.heldComments({ owner: "acme", repo: "widgets", commentIds: [5001] });
    expect(held).toMatchObject({ mode: "hide", status: "pending" });
    expect((await app.store.listAudit({ action: "effect.hide_instead" }))[0]?.reasons[0]).toContain("hidden instead");

    const from = app.sent.length;
    nock(API)
      .get("/repos/acme/widgets/collaborators/maint/permission")
      .reply(recorder(app.sent, 200, { permission: "admin", role_name: "admin" }));
    nock(API)
      .post("/graphql")
      .reply(recorder(app.sent, 200, { data: { unminimizeComment: { unminimizedComment: { isMinimized: false } } } }));
    await app.receive("issue_comment", issueCommentEvent(accounts.maint, { number: 7, commentId: 5002, body: "/guardrails approve" }));
    expect(paths(from)).toEqual(["GET /repos/acme/widgets/collaborators/maint/permission", "POST /graphql"]);
    expect(String((app.sent.at(-1)!.body as { query: string }).query)).toContain("unminimizeComment");
  });
});
