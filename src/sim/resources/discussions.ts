/**
 * Discussions and their comments.
 *
 * A discussion exists when a `discussion` or `discussion_comment` webhook carried it (by node id
 * and number; its number is taken from the repository's shared issue/PR/discussion sequence, so
 * it is no issue: `POST /issues/{n}/comments` of it is 404). GraphQL `addDiscussionComment`
 * creates a comment in that discussion (`replyToId`: in that comment's thread), with GitHub's
 * URL `https://github.com/o/r/discussions/N#discussioncomment-ID`; an unknown discussion or reply
 * target is NOT_FOUND (HTTP 200 with `errors`), as is `deleteDiscussionComment` of an unknown id.
 * Both need discussions: write. `updateDiscussionComment`, `updateDiscussion`, `deleteDiscussion`
 * (NOT_FOUND once gone) and `createDiscussion` (in a repository the stand-in knows, a category
 * node id of `DIC_…`; the number from the shared sequence) too.
 */
import { asObject, type JsonObject } from "../json-object.js";
import { needs } from "../permission-grant.js";
import { unresolvedNode } from "./pulls.js";
import type { GraphqlResolver } from "./resource.js";
import type { StandInState } from "../stand-in-state.js";

/** A discussion the stand-in knows. */
export interface StoredDiscussion {
  repo: string;
  number: number;
  json: JsonObject;
}

/** The discussions slice of the stand-in. */
export class Discussions {
  /** node id → discussion. */
  readonly byNodeId = new Map<string, StoredDiscussion>();

  /** Records the `discussion` of a payload. */
  observe(repo: string, payload: JsonObject): void {
    const discussion = asObject(payload.discussion);
    if (!discussion || typeof discussion.node_id !== "string" || typeof discussion.number !== "number") return;
    const known = this.byNodeId.get(discussion.node_id);
    this.byNodeId.set(discussion.node_id, {
      repo,
      number: discussion.number,
      json: { ...(known?.json ?? {}), ...structuredClone(discussion) },
    });
  }

  /** Whether a discussion holds that number in the repository. */
  hasNumber(repo: string, number: number): boolean {
    for (const d of this.byNodeId.values()) if (d.repo === repo && d.number === number) return true;
    return false;
  }
}

const DISCUSSIONS_WRITE = [needs("discussions", "write")];

/** The world's repository node id as GraphQL names it (the REST `node_id` of `GET /repos/{o}/{r}`). */
export function repositoryOfNode(state: StandInState, nodeId: unknown): string | undefined {
  for (const repo of state.repositories.all()) if (state.repositories.nodeIdOf(repo) === nodeId) return repo;
  return undefined;
}

/** GraphQL fields of discussions. */
export const discussionFields: GraphqlResolver[] = [
  {
    name: "updateDiscussionComment",
    permission: DISCUSSIONS_WRITE,
    resolve: (state, args) => {
      const comment = state.comments.byNodeId(String(args.commentId));
      if (!comment || comment.kind !== "discussion") return unresolvedNode(args.commentId);
      if (typeof args.body !== "string" || args.body === "") return { error: { type: "UNPROCESSABLE", message: "Body can't be blank" } };
      comment.json = { ...comment.json, body: args.body, updated_at: state.now() };
      return { data: { comment: { id: comment.json.node_id, body: args.body } } };
    },
  },
  {
    name: "updateDiscussion",
    permission: DISCUSSIONS_WRITE,
    resolve: (state, args) => {
      const discussion = state.discussions.byNodeId.get(String(args.discussionId));
      if (!discussion) return unresolvedNode(args.discussionId);
      if (args.title === "") return { error: { type: "UNPROCESSABLE", message: "Title can't be blank" } };
      discussion.json = {
        ...discussion.json,
        ...(typeof args.title === "string" ? { title: args.title } : {}),
        ...(typeof args.body === "string" ? { body: args.body } : {}),
        updated_at: state.now(),
      };
      return { data: { discussion: { id: args.discussionId, title: discussion.json.title ?? null, body: discussion.json.body ?? null } } };
    },
  },
  {
    name: "deleteDiscussion",
    permission: DISCUSSIONS_WRITE,
    resolve: (state, args) => {
      const discussion = state.discussions.byNodeId.get(String(args.id));
      if (!discussion) return unresolvedNode(args.id);
      state.discussions.byNodeId.delete(String(args.id));
      return { data: { discussion: { id: args.id } } };
    },
  },
  {
    name: "createDiscussion",
    permission: DISCUSSIONS_WRITE,
    resolve: (state, args) => {
      const repo = repositoryOfNode(state, args.repositoryId);
      if (repo === undefined) return unresolvedNode(args.repositoryId);
      if (typeof args.categoryId !== "string" || !args.categoryId.startsWith("DIC_")) return unresolvedNode(args.categoryId);
      if (typeof args.title !== "string" || args.title === "") return { error: { type: "UNPROCESSABLE", message: "Title can't be blank" } };
      if (typeof args.body !== "string" || args.body === "") return { error: { type: "UNPROCESSABLE", message: "Body can't be blank" } };
      const number = state.nextNumber(repo);
      const databaseId = state.newId();
      const nodeId = `D_standin${databaseId}`;
      const url = `https://github.com/${repo}/discussions/${number}`;
      const json: JsonObject = {
        id: databaseId,
        node_id: nodeId,
        number,
        title: args.title,
        body: args.body,
        html_url: url,
        user: state.people.account(state.world.app),
        category: { node_id: args.categoryId },
        created_at: state.now(),
      };
      state.discussions.byNodeId.set(nodeId, { repo, number, json });
      return { data: { discussion: { id: nodeId, number, url } } };
    },
  },
  {
    name: "addDiscussionComment",
    permission: DISCUSSIONS_WRITE,
    resolve: (state, args) => {
      const discussion = state.discussions.byNodeId.get(String(args.discussionId));
      if (!discussion) return unresolvedNode(args.discussionId);
      if (typeof args.body !== "string" || args.body === "") return { error: { type: "UNPROCESSABLE", message: "Body can't be blank" } };
      let replyTo: JsonObject | undefined;
      if (args.replyToId !== undefined) {
        const parent = state.comments.byNodeId(String(args.replyToId));
        if (!parent || parent.kind !== "discussion" || parent.discussionId !== args.discussionId) return unresolvedNode(args.replyToId);
        // Discussion threads are one level deep: a reply to a reply joins the top comment's thread.
        const top =
          typeof parent.json.reply_to_node_id === "string"
            ? parent.json.reply_to_node_id
            : typeof parent.json.parent_id === "number"
              ? (state.comments.byId.get(parent.json.parent_id)?.json.node_id ?? parent.json.node_id)
              : parent.json.node_id;
        replyTo = { id: top };
      }
      const databaseId = state.newId();
      const nodeId = `DC_standin${databaseId}`;
      const url = `https://github.com/${discussion.repo}/discussions/${discussion.number}#discussioncomment-${databaseId}`;
      state.comments.byId.set(databaseId, {
        repo: discussion.repo,
        number: discussion.number,
        kind: "discussion",
        discussionId: String(args.discussionId),
        minimized: false,
        json: {
          id: databaseId,
          node_id: nodeId,
          html_url: url,
          body: args.body,
          user: state.people.account(state.world.app),
          created_at: state.now(),
          ...(replyTo ? { parent_id: state.comments.byNodeId(String(replyTo.id))?.json.id ?? null, reply_to_node_id: replyTo.id } : {}),
        },
      });
      return { data: { comment: { id: nodeId, databaseId, url, discussion: { id: args.discussionId }, replyTo: replyTo ?? null } } };
    },
  },
  {
    name: "deleteDiscussionComment",
    permission: DISCUSSIONS_WRITE,
    resolve: (state, args) => {
      const comment = state.comments.byNodeId(String(args.id));
      if (!comment || comment.kind !== "discussion") return unresolvedNode(args.id);
      state.comments.byId.delete(Number(comment.json.id));
      return { data: { comment: { id: args.id } } };
    },
  },
];
