/**
 * Comments: issue comments (on issues and PRs' conversation), review comments (on a PR's diff)
 * and discussion comments (kept here, written by `discussions`), and hiding any of them.
 *
 * A comment exists when a webhook carried it (`issue_comment`, `pull_request_review_comment`,
 * `discussion_comment`; a `deleted` action removes it) or the app created it. Reading, editing or
 * deleting an unknown id — or one of the other kind, or of another repository — is 404, as is
 * commenting on a number that is no issue or PR (a discussion's number included). A reply to a
 * review comment (`POST /pulls/{n}/comments/{id}/replies`) joins that comment's thread:
 * `in_reply_to_id` is the thread's first comment. GraphQL `minimizeComment`/`unminimizeComment`
 * of an unknown node id is NOT_FOUND; they need the permission of the comment's thread (issues,
 * pull_requests or discussions: write).
 */
import { asObject, type JsonObject } from "../json-object.js";
import { needs, threadScope, type PermissionContext } from "../permission-grant.js";
import type { StandInState } from "../stand-in-state.js";
import { NO_CONTENT, created, missingField, notFound, ok, unprocessable } from "./github-replies.js";
import { paginate } from "./paginate.js";
import { unresolvedNode } from "./pulls.js";
import { bodyOf, repoOf, type GraphqlResolver, type Params, type Reply, type RestRequest, type RestRoute } from "./resource.js";

/** A comment the stand-in knows: seen in a webhook or created by the app. */
export interface StoredComment {
  /** `owner/name`. */
  repo: string;
  /** Issue, PR or discussion number of the thread. */
  number: number;
  /** `commit`: a commit comment (its thread `number` is 0: it hangs on a commit, not a thread). */
  kind: "issue" | "review" | "discussion" | "commit";
  json: JsonObject;
  minimized: boolean;
  /** A discussion comment's discussion node id. */
  discussionId?: string;
}

/** The comments slice of the stand-in. */
export class Comments {
  readonly byId = new Map<number, StoredComment>();

  /** Records a comment a webhook carried, or forgets a deleted one. */
  observe(eventName: string, repo: string, payload: JsonObject): void {
    const comment = asObject(payload.comment);
    if (!comment || typeof comment.id !== "number") return;
    if (payload.action === "deleted") {
      this.byId.delete(comment.id);
      return;
    }
    const kind =
      eventName === "issue_comment"
        ? "issue"
        : eventName === "pull_request_review_comment"
          ? "review"
          : eventName === "discussion_comment"
            ? "discussion"
            : eventName === "commit_comment"
              ? "commit"
              : undefined;
    if (kind === undefined) return;
    const thread = asObject(kind === "issue" ? payload.issue : kind === "review" ? payload.pull_request : payload.discussion);
    const known = this.byId.get(comment.id);
    this.byId.set(comment.id, {
      repo,
      number: typeof thread?.number === "number" ? thread.number : (known?.number ?? 0),
      kind,
      json: { ...(known?.json ?? {}), ...structuredClone(comment) },
      minimized: known?.minimized ?? false,
      ...(kind === "discussion" && typeof thread?.node_id === "string" ? { discussionId: thread.node_id } : {}),
    });
  }

  /** The comment of that kind in that repository, if there is one. */
  find(repo: string, id: number, kind: StoredComment["kind"]): StoredComment | undefined {
    const comment = this.byId.get(id);
    return comment && comment.repo === repo && comment.kind === kind ? comment : undefined;
  }

  /** A comment by its GraphQL node id. */
  byNodeId(nodeId: string): StoredComment | undefined {
    for (const comment of this.byId.values()) if (comment.json.node_id === nodeId) return comment;
    return undefined;
  }

  /** Comments of a thread, oldest first. */
  inThread(repo: string, number: number, kind: StoredComment["kind"]): StoredComment[] {
    return [...this.byId.values()].filter((c) => c.repo === repo && c.number === number && c.kind === kind);
  }
}

/** The permission subject of a comment: the thread it is on. */
function subjectOf(state: StandInState, comment: StoredComment | undefined): PermissionContext["subject"] {
  if (!comment) return undefined;
  if (comment.kind === "discussion") return "discussion";
  if (comment.kind === "review") return "pull_request";
  return state.threadKind(comment.repo, comment.number) === "pull_request" ? "pull_request" : "issue";
}

const threadWrite = (permissionOf: (state: StandInState, p: Params) => PermissionContext) => ({
  permission: (context: PermissionContext) => [needs(threadScope(context), "write")],
  context: permissionOf,
});
const byThread = threadWrite((state, p) => ({ subject: state.threadKind(repoOf(p), Number(p.number)) ?? "issue" }));
const byIssueComment = threadWrite((state, p) => ({
  subject: subjectOf(state, state.comments.find(repoOf(p), Number(p.id), "issue")) ?? "issue",
}));
const REVIEW_WRITE = [needs("pull_requests", "write")];
const ISSUE_DOCS = "https://docs.github.com/rest/issues/comments";
const REVIEW_DOCS = "https://docs.github.com/rest/pulls/comments";
const COMMIT_DOCS = "https://docs.github.com/rest/commits/comments";

/** REST routes of issue comments and review comments. */
export const commentRoutes: RestRoute[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:number/comments",
    permission: [needs("issues", "read")],
    answer: listIssueComments,
  },
  { method: "POST", pattern: "/repos/:owner/:repo/issues/:number/comments", ...byThread, answer: createIssueComment },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/comments/:id",
    permission: [needs("issues", "read")],
    answer: (s, p) => read(s, p, "issue"),
  },
  { method: "PATCH", pattern: "/repos/:owner/:repo/issues/comments/:id", ...byIssueComment, answer: (s, p, r) => edit(s, p, r, "issue") },
  { method: "DELETE", pattern: "/repos/:owner/:repo/issues/comments/:id", ...byIssueComment, answer: (s, p) => remove(s, p, "issue") },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls/:number/comments",
    permission: [needs("pull_requests", "read")],
    answer: listReviewComments,
  },
  { method: "POST", pattern: "/repos/:owner/:repo/pulls/:number/comments", permission: REVIEW_WRITE, answer: createReviewComment },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/pulls/:number/comments/:id/replies",
    permission: REVIEW_WRITE,
    answer: replyToReviewComment,
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls/comments/:id",
    permission: [needs("pull_requests", "read")],
    answer: (s, p) => read(s, p, "review"),
  },
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/pulls/comments/:id",
    permission: REVIEW_WRITE,
    answer: (s, p, r) => edit(s, p, r, "review"),
  },
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/pulls/comments/:id",
    permission: REVIEW_WRITE,
    answer: (s, p) => remove(s, p, "review"),
  },
  // Commit comments: GitHub's table puts them under contents.
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/comments/:id",
    permission: [needs("contents", "read")],
    answer: (s, p) => read(s, p, "commit"),
  },
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/comments/:id",
    permission: [needs("contents", "write")],
    answer: (s, p, r) => edit(s, p, r, "commit"),
  },
];

function docsOf(kind: StoredComment["kind"]): string {
  return kind === "review" ? REVIEW_DOCS : kind === "commit" ? COMMIT_DOCS : ISSUE_DOCS;
}

function listIssueComments(state: StandInState, p: Params, request: RestRequest): Reply {
  const kind = state.threadKind(repoOf(p), Number(p.number));
  if (kind !== "issue" && kind !== "pull_request") return notFound(ISSUE_DOCS);
  return paginate(
    request,
    state.comments.inThread(repoOf(p), Number(p.number), "issue").map((c) => c.json),
  );
}

function createIssueComment(state: StandInState, p: Params, request: RestRequest): Reply {
  const full = repoOf(p);
  const number = Number(p.number);
  const kind = state.threadKind(full, number);
  if (kind !== "issue" && kind !== "pull_request") return notFound(`${ISSUE_DOCS}#create-an-issue-comment`);
  const text = bodyOf(request).body;
  if (typeof text !== "string" || text === "") return missingField("IssueComment", "body");
  const id = state.newId();
  const json: JsonObject = {
    id,
    node_id: `IC_standin${id}`,
    url: `https://api.github.com/repos/${full}/issues/comments/${id}`,
    html_url: `https://github.com/${full}/${kind === "pull_request" ? "pull" : "issues"}/${number}#issuecomment-${id}`,
    issue_url: `https://api.github.com/repos/${full}/issues/${number}`,
    body: text,
    user: state.people.account(state.world.app),
    created_at: state.now(),
    updated_at: state.now(),
    author_association: "NONE",
  };
  state.comments.byId.set(id, { repo: full, number, kind: "issue", json, minimized: false });
  return created(json);
}

function listReviewComments(state: StandInState, p: Params, request: RestRequest): Reply {
  if (state.threadKind(repoOf(p), Number(p.number)) !== "pull_request") return notFound(REVIEW_DOCS);
  return paginate(
    request,
    state.comments.inThread(repoOf(p), Number(p.number), "review").map((c) => c.json),
  );
}

/**
 * Starts a review thread on a commit and file of an open PR (GitHub also checks the line is in the
 * diff, which the stand-in cannot know: it takes any line).
 */
function createReviewComment(state: StandInState, p: Params, request: RestRequest): Reply {
  const full = repoOf(p);
  const number = Number(p.number);
  if (!state.pulls.items.has(`${full}#${number}`)) return notFound(`${REVIEW_DOCS}#create-a-review-comment-for-a-pull-request`);
  const body = bodyOf(request);
  for (const field of ["body", "commit_id", "path"]) {
    if (typeof body[field] !== "string" || body[field] === "") return missingField("PullRequestReviewComment", field);
  }
  if (state.git.resolve(full, body.commit_id as string) === undefined) {
    return unprocessable("Validation Failed", [{ resource: "PullRequestReviewComment", code: "invalid", field: "commit_id" }]);
  }
  return created(
    addReviewComment(state, full, number, {
      path: body.path,
      line: typeof body.line === "number" ? body.line : null,
      side: typeof body.side === "string" ? body.side : null,
      subject_type: body.subject_type === "file" ? "file" : "line",
      commit_id: body.commit_id,
      body: body.body,
    }),
  );
}

/** Stores a review comment the app wrote, shaped like GitHub's. */
function addReviewComment(state: StandInState, full: string, number: number, fields: JsonObject): JsonObject {
  const id = state.newId();
  const json: JsonObject = {
    id,
    node_id: `PRRC_standin${id}`,
    url: `https://api.github.com/repos/${full}/pulls/comments/${id}`,
    html_url: `https://github.com/${full}/pull/${number}#discussion_r${id}`,
    pull_request_url: `https://api.github.com/repos/${full}/pulls/${number}`,
    ...fields,
    user: state.people.account(state.world.app),
    created_at: state.now(),
    updated_at: state.now(),
    author_association: "NONE",
  };
  state.comments.byId.set(id, { repo: full, number, kind: "review", json, minimized: false });
  return json;
}

function replyToReviewComment(state: StandInState, p: Params, request: RestRequest): Reply {
  const full = repoOf(p);
  const number = Number(p.number);
  const parent = state.comments.find(full, Number(p.id), "review");
  if (!parent || parent.number !== number) return notFound(`${REVIEW_DOCS}#create-a-reply-for-a-review-comment`);
  const text = bodyOf(request).body;
  if (typeof text !== "string" || text === "") return missingField("PullRequestReviewComment", "body");
  // GitHub threads replies flat: a reply to a reply belongs to the thread's first comment.
  const root = typeof parent.json.in_reply_to_id === "number" ? parent.json.in_reply_to_id : Number(p.id);
  const { path, line, commit_id, diff_hunk } = parent.json;
  return created(addReviewComment(state, full, number, { in_reply_to_id: root, path, line, commit_id, diff_hunk, body: text }));
}

function read(state: StandInState, p: Params, kind: StoredComment["kind"]): Reply {
  const comment = state.comments.find(repoOf(p), Number(p.id), kind);
  return comment ? ok(comment.json) : notFound(docsOf(kind));
}

function edit(state: StandInState, p: Params, request: RestRequest, kind: StoredComment["kind"]): Reply {
  const comment = state.comments.find(repoOf(p), Number(p.id), kind);
  if (!comment) return notFound(docsOf(kind));
  const text = bodyOf(request).body;
  if (typeof text !== "string" || text === "")
    return missingField(kind === "review" ? "PullRequestReviewComment" : kind === "commit" ? "CommitComment" : "IssueComment", "body");
  comment.json = { ...comment.json, body: text, updated_at: state.now() };
  return ok(comment.json);
}

function remove(state: StandInState, p: Params, kind: StoredComment["kind"]): Reply {
  const comment = state.comments.find(repoOf(p), Number(p.id), kind);
  if (!comment) return notFound(docsOf(kind));
  state.comments.byId.delete(Number(p.id));
  return NO_CONTENT;
}

function minimizer(name: string, minimize: boolean): GraphqlResolver {
  return {
    name,
    permission: (context) => [needs(threadScope(context), "write")],
    context: (state, args) => ({
      subject:
        subjectOf(state, state.comments.byNodeId(String(args.subjectId))) ??
        (state.reviews.byNodeId(String(args.subjectId)) ? "pull_request" : "issue"),
    }),
    resolve: (state, args) => {
      // A PullRequestReview is Minimizable too (its body is the review's comment).
      const comment = state.comments.byNodeId(String(args.subjectId)) ?? state.reviews.byNodeId(String(args.subjectId));
      if (!comment) return unresolvedNode(args.subjectId);
      comment.minimized = minimize;
      const key = minimize ? "minimizedComment" : "unminimizedComment";
      const reason = minimize && typeof args.classifier === "string" ? args.classifier.toLowerCase() : null;
      return { data: { [key]: { isMinimized: minimize, minimizedReason: reason } } };
    },
  };
}

/** GraphQL fields of comments. */
export const commentFields: GraphqlResolver[] = [minimizer("minimizeComment", true), minimizer("unminimizeComment", false)];
