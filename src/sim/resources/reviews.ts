/**
 * Pull request reviews.
 *
 * A review exists when a `pull_request_review` webhook carried it. Listing the reviews of a
 * number that is no PR is 404; dismissing an unknown review, or one of another PR, is 404;
 * dismissing a review that is neither approving nor requesting changes is GitHub's 422 ("Can not
 * dismiss a commented pull request review"). Dismissal needs pull_requests: write. A review is
 * Minimizable: `minimizeComment` hides it by its node id (see comments.ts).
 */
import { asObject, type JsonObject } from "../json-object.js";
import { needs } from "../permission-grant.js";
import type { StandInState } from "../stand-in-state.js";
import { missingField, notFound, ok, unprocessable } from "./github-replies.js";
import { paginate } from "./paginate.js";
import { unresolvedNode } from "./pulls.js";
import { bodyOf, repoOf, type GraphqlResolver, type Params, type Reply, type RestRequest, type RestRoute } from "./resource.js";

/** A review the stand-in knows. */
export interface StoredReview {
  repo: string;
  number: number;
  json: JsonObject;
  /** Hidden by `minimizeComment` (a review is Minimizable). */
  minimized?: boolean;
}

/** The reviews slice of the stand-in. */
export class Reviews {
  readonly byId = new Map<number, StoredReview>();

  /** Records the `review` of a `pull_request_review` payload. */
  observe(repo: string, payload: JsonObject): void {
    const review = asObject(payload.review);
    const pull = asObject(payload.pull_request);
    if (!review || typeof review.id !== "number" || typeof pull?.number !== "number") return;
    const known = this.byId.get(review.id);
    const json = { ...(known?.json ?? {}), ...structuredClone(review) };
    // Webhooks spell the state in lower case ("approved"); the REST API answers upper case.
    if (typeof json.state === "string") json.state = json.state.toUpperCase();
    this.byId.set(review.id, { repo, number: pull.number, json });
  }

  /** A review by its GraphQL node id. */
  byNodeId(nodeId: string): StoredReview | undefined {
    for (const review of this.byId.values()) if (review.json.node_id === nodeId) return review;
    return undefined;
  }
}

const DOCS = "https://docs.github.com/rest/pulls/reviews";

/** REST routes of reviews. */
export const reviewRoutes: RestRoute[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls/:number/reviews",
    permission: [needs("pull_requests", "read")],
    answer: listReviews,
  },
  {
    method: "PUT",
    pattern: "/repos/:owner/:repo/pulls/:number/reviews/:id/dismissals",
    permission: [needs("pull_requests", "write")],
    answer: dismissReview,
  },
];

function listReviews(state: StandInState, p: Params, request: RestRequest): Reply {
  if (state.threadKind(repoOf(p), Number(p.number)) !== "pull_request") return notFound(DOCS);
  const reviews = [...state.reviews.byId.values()].filter((r) => r.repo === repoOf(p) && r.number === Number(p.number));
  return paginate(
    request,
    reviews.map((r) => r.json),
  );
}

function dismissReview(state: StandInState, p: Params, request: RestRequest): Reply {
  const review = state.reviews.byId.get(Number(p.id));
  if (!review || review.repo !== repoOf(p) || review.number !== Number(p.number))
    return notFound(`${DOCS}#dismiss-a-review-for-a-pull-request`);
  const message = bodyOf(request).message;
  if (typeof message !== "string" || message === "") return missingField("PullRequestReview", "message");
  if (review.json.state !== "APPROVED" && review.json.state !== "CHANGES_REQUESTED" && review.json.state !== "DISMISSED") {
    return unprocessable("Can not dismiss a commented pull request review", undefined, `${DOCS}#dismiss-a-review-for-a-pull-request`);
  }
  review.json = { ...review.json, state: "DISMISSED" };
  return ok(review.json);
}

/** GraphQL fields of reviews: `updatePullRequestReview` edits a review's body (pull_requests: write). */
export const reviewFields: GraphqlResolver[] = [
  {
    name: "updatePullRequestReview",
    permission: [needs("pull_requests", "write")],
    resolve: (state, args) => {
      const review = state.reviews.byNodeId(String(args.pullRequestReviewId));
      if (!review) return unresolvedNode(args.pullRequestReviewId);
      if (typeof args.body !== "string") return { error: { type: "UNPROCESSABLE", message: "Body can't be blank" } };
      review.json = { ...review.json, body: args.body };
      return { data: { pullRequestReview: { id: review.json.node_id, body: args.body } } };
    },
  },
];
