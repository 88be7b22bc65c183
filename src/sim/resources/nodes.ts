/**
 * GraphQL `node(id:)`, for the reads the adapter makes by node id: a repository's discussions
 * (newest first, in a category: where a re-post's marker is looked up) and a pull request's
 * `autoMergeRequest`. Any other id is `null`, as GitHub answers
 * an id it cannot resolve inside `node`. The answer carries every field the stand-in knows of
 * the node, whatever the selection asks (a client reads only what it selected).
 */
import { asObject, type JsonObject } from "../json-object.js";
import { repositoryOfNode } from "./discussions.js";
import type { GraphqlResolver } from "./resource.js";
import type { StandInState } from "../stand-in-state.js";

function nodeOf(state: StandInState, args: Record<string, unknown>): JsonObject | null {
  const repo = repositoryOfNode(state, args.id);
  if (repo !== undefined) {
    const nodes = [...state.discussions.byNodeId.values()]
      .filter((d) => d.repo === repo && (typeof args.categoryId !== "string" || asObject(d.json.category)?.node_id === args.categoryId))
      .sort((a, b) => b.number - a.number)
      .slice(0, typeof args.first === "number" ? args.first : 100)
      .map((d) => {
        const user = asObject(d.json.user);
        return {
          id: d.json.node_id,
          number: d.number,
          url: d.json.html_url ?? `https://github.com/${repo}/discussions/${d.number}`,
          body: d.json.body ?? "",
          author: user ? { login: user.login } : null,
        };
      });
    return { id: args.id as string, discussions: { nodes } };
  }
  const pull = state.pulls.byNodeId(String(args.id));
  if (pull) {
    const auto = asObject(pull.pull.auto_merge);
    return { id: pull.pull.node_id as string, autoMergeRequest: auto ? { enabledAt: auto.enabled_at ?? state.now() } : null };
  }
  return null;
}

/** GraphQL `node`. */
export const nodeFields: GraphqlResolver[] = [
  {
    name: "node",
    // The reads need what the node's own REST read needs; the stand-in asks for none, as it did before.
    permission: [],
    resolve: (state, args) => ({ data: nodeOf(state, args) }),
  },
];
