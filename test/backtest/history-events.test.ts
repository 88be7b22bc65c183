import { beforeAll, describe, expect, test } from "@jest/globals";
import { historyEvents, type HistoryEvent } from "../../src/backtest/history-events.js";
import type { RepoHistory } from "../../src/backtest/repo-history.js";
import { example } from "../fixtures/webhook-examples.js";
import { recordedRepoHistory } from "./recorded-repo-history.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let history: RepoHistory;
let events: HistoryEvent[];
beforeAll(async () => {
  history = await recordedRepoHistory();
  events = historyEvents(history);
});

const named = (name: string, action?: string) => events.filter((e) => e.name === name && e.payload.action === action);
const payload = (e: HistoryEvent | undefined) => e?.payload as Json;

describe("history becomes the webhooks GitHub sent", () => {
  test("readHistory followed the comments list to its second page", () => {
    expect(history.issueComments).toHaveLength(1 + 120 + 15);
    expect(history.items.map((i) => i.issue.number)).toEqual([1, 2, 3, 4, 5, 6, 8, 7]);
    expect(history.collaborators).toEqual({ maint: "admin", dev: "write", speedy: "write" });
  });

  test("in time order, every comment of the window once", () => {
    const times = events.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(named("issue_comment", "created")).toHaveLength(136);
    expect(named("issue_comment", "created").filter((e) => payload(e).sender.login === "amok-agent[bot]")).toHaveLength(120);
  });

  test("every payload carries the keys of GitHub's example webhook of its kind", () => {
    const kinds = new Map(events.map((e) => [`${e.name}.${String(e.payload.action)}`, e]));
    expect([...kinds.keys()].sort()).toEqual([
      "issue_comment.created",
      "issues.labeled",
      "issues.opened",
      "pull_request.closed",
      "pull_request.opened",
      "pull_request.ready_for_review",
      "pull_request.synchronize",
      "pull_request_review.submitted",
      "pull_request_review_comment.created",
      "push.undefined",
    ]);
    for (const [kind, event] of kinds) {
      const shape = example(event.name, event.payload.action as string | undefined);
      const missing = Object.keys(shape).filter((key) => !(key in event.payload));
      for (const part of ["issue", "pull_request", "comment", "review"].filter((key) => key in shape)) {
        // `draft` is in the example because its issue is a pull request's: a plain issue has none.
        missing.push(
          ...Object.keys(shape[part])
            .filter((key) => !(key in (event.payload[part] as Json)) && !(part === "issue" && key === "draft"))
            .map((key) => `${part}.${key}`),
        );
      }
      expect({ kind, missing }).toEqual({ kind, missing: [] });
    }
  });

  test("Copilot's pull request: the push of its branch with its files, opened as the draft it was, then pushed to and marked ready", () => {
    const copilot = events
      .filter((e) => payload(e).sender?.login === "Copilot")
      .map((e) => `${e.at} ${e.name}.${String(e.payload.action ?? "")}`);
    expect(copilot).toEqual([
      "2026-11-20T08:59:59.000Z push.",
      "2026-11-20T09:00:00.000Z pull_request.opened",
      "2026-11-20T09:20:00.000Z pull_request_review_comment.created",
      "2026-11-20T09:25:00.000Z pull_request.synchronize",
      "2026-11-20T09:30:00.000Z pull_request.ready_for_review",
    ]);
    const push = payload(named("push")[0]);
    expect(push.ref).toBe("refs/heads/copilot/fix-fetcher");
    expect(push.commits.at(-1).modified).toEqual(["src/fetch.ts"]);
    const opened = payload(named("pull_request", "opened").find((e) => payload(e).number === 6));
    expect(opened.pull_request).toMatchObject({ draft: true, state: "open", merged: false, head: { sha: push.after } });
    const sync = payload(named("pull_request", "synchronize")[0]);
    expect(sync.before).toBe(push.after);
    expect(sync.after).toBe(sync.pull_request.head.sha);
  });

  test("commits pushed straight to main are pushes from their author; a pull's squash commit is not", () => {
    const pushes = named("push").filter((e) => payload(e).ref === "refs/heads/main");
    expect(
      pushes.map(
        (e) =>
          `${e.at} ${payload(e).sender.login} ${payload(e)
            .commits.map((c: Json) => c.modified.join(","))
            .join(" ")}`,
      ),
    ).toEqual(["2026-11-20T11:00:00.000Z claude[bot] .github/workflows/ci.yml", "2026-11-20T11:30:00.000Z maint README.md"]);
    const [claude, maint] = pushes.map(payload) as [Json, Json];
    expect(maint.before).toBe(claude.after);
    expect(claude.head_commit).toMatchObject({ id: claude.after, author: { username: "claude[bot]" } });
  });

  test("a merge is one pull_request.closed with merged: true, sent by who merged", () => {
    const closed = named("pull_request", "closed");
    expect(closed).toHaveLength(1);
    expect(payload(closed[0])).toMatchObject({
      number: 8,
      sender: { login: "maint" },
      pull_request: { merged: true, merged_by: { login: "maint" } },
    });
  });

  test("an issue is opened open, whatever it became; a label is sent by who labelled", () => {
    expect(payload(named("issues", "opened")[0]).issue).toMatchObject({ number: 1, state: "open", closed_at: null });
    expect(payload(named("issues", "labeled")[0])).toMatchObject({
      sender: { login: "maint" },
      label: { name: "bug" },
      issue: { number: 1 },
    });
  });

  test("a deleted account's comment is sent as GitHub's ghost, as GitHub does", () => {
    const comment = { ...history.issueComments.at(-1), user: null };
    const [event] = historyEvents({ ...history, since: "2026-11-20T11:45:00.000Z", issueComments: [comment] }).filter(
      (e) => e.name === "issue_comment",
    );
    expect(payload(event).sender).toMatchObject({ login: "ghost", id: 10137, type: "User" });
  });

  test("nothing before the window is replayed", () => {
    const later = { ...history, since: "2026-11-20T11:00:00.000Z" };
    expect(historyEvents(later).map((e) => `${e.name} ${payload(e).sender.login}`)).toEqual([
      "push claude[bot]",
      "push maint",
      ...Array(15).fill("issue_comment speedy"),
    ]);
  });
});
