import { graphqlFields } from "./graphql-fields.js";
import { asObject, type JsonObject, type StandInState } from "./stand-in-state.js";
import type { Reply } from "./answer-rest.js";

/** How the recording names a GraphQL request. */
export interface GraphqlDescription {
  /** The first top-level field (`convertPullRequestToDraft`), when the document has one. */
  operation?: string;
  variables?: JsonObject;
}

/** Names a GraphQL request for the recording, without answering it. */
export function describeGraphql(body: unknown): GraphqlDescription {
  const request = asObject(body);
  const variables = asObject(request?.variables);
  const operation = typeof request?.query === "string" ? graphqlFields(request.query)?.fields[0]?.name : undefined;
  return { ...(operation !== undefined ? { operation } : {}), ...(variables ? { variables } : {}) };
}

/**
 * Answers POST /graphql. Mutations the app uses change the stand-in's state (a converted PR reads
 * back as a draft) and return what GitHub returns; an unknown field answers `{}` so that the
 * recording, not a stand-in gap, is what a test looks at.
 */
export function answerGraphql(state: StandInState, body: unknown): Reply {
  const request = asObject(body);
  const query = typeof request?.query === "string" ? request.query : undefined;
  const document = query === undefined ? null : graphqlFields(query);
  if (query === undefined || document === null || document.fields.length === 0) {
    return { status: 400, body: { message: "Problems parsing JSON: a GraphQL document with a field is required" } };
  }
  const ids = candidateIds(query, asObject(request?.variables));
  const data: JsonObject = {};
  for (const field of document.fields) data[field.key] = answerField(state, field.name, ids);
  return { status: 200, body: { data } };
}

function answerField(state: StandInState, name: string, ids: string[]): unknown {
  switch (name) {
    case "convertPullRequestToDraft":
    case "markPullRequestReadyForReview": {
      const isDraft = name === "convertPullRequestToDraft";
      const found = findPull(state, ids);
      if (found) found.pull.draft = isDraft;
      const id = found?.pull.node_id ?? ids[0] ?? null;
      return { pullRequest: { id, number: found?.pull.number ?? null, isDraft } };
    }
    case "closePullRequest":
    case "reopenPullRequest": {
      const found = findPull(state, ids);
      const open = name === "reopenPullRequest";
      if (found) found.pull.state = open ? "open" : "closed";
      return { pullRequest: { id: found?.pull.node_id ?? ids[0] ?? null, state: open ? "OPEN" : "CLOSED" } };
    }
    case "minimizeComment":
    case "unminimizeComment": {
      const minimize = name === "minimizeComment";
      const comment = [...state.comments.values()].find((c) => ids.includes(String(c.json.node_id)));
      if (comment) comment.minimized = minimize;
      const key = minimize ? "minimizedComment" : "unminimizedComment";
      const classifier = ids.find((id) => /^[A-Z_]+$/.test(id));
      return { [key]: { isMinimized: minimize, minimizedReason: minimize ? (classifier?.toLowerCase() ?? null) : null } };
    }
    case "revertPullRequest": {
      const found = findPull(state, ids);
      const repo = found?.repo ?? `${state.world.owner}/${state.world.repo}`;
      const number = state.nextNumber(repo);
      const revert: JsonObject = {
        number,
        node_id: `PR_standin${number}`,
        html_url: `https://github.com/${repo}/pull/${number}`,
        state: "open",
        draft: false,
        merged: false,
        title: `Revert "${String(found?.pull.title ?? "pull request")}"`,
        user: state.account(state.world.app),
        head: { ref: `revert-${String(found?.pull.number ?? 0)}`, sha: "0".repeat(40) },
        base: { ref: state.world.default_branch },
      };
      state.rememberPull(repo, revert);
      return {
        pullRequest: { id: found?.pull.node_id ?? ids[0] ?? null },
        revertPullRequest: { id: revert.node_id, number, url: revert.html_url },
      };
    }
    case "addDiscussionComment": {
      const databaseId = state.newId();
      const discussion = ids[0] ?? "D_standin";
      return {
        comment: {
          id: `DC_standin${databaseId}`,
          databaseId,
          url: `https://github.com/${state.world.owner}/${state.world.repo}/discussions/0#discussioncomment-${databaseId}`,
          discussion: { id: discussion },
        },
      };
    }
    case "deleteDiscussionComment":
      return { comment: { id: ids[0] ?? null } };
    case "viewer":
      return { login: state.world.app };
    default:
      return {};
  }
}

function findPull(state: StandInState, ids: string[]): ReturnType<StandInState["pullByNodeId"]> {
  for (const id of ids) {
    const found = state.pullByNodeId(id);
    if (found) return found;
  }
  return undefined;
}

/** Every string in the variables, then every string literal in the document: where node ids hide. */
function candidateIds(query: string, variables: JsonObject | undefined): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === "string") found.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (asObject(value)) Object.values(value as JsonObject).forEach(walk);
  };
  walk(variables);
  for (const match of query.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)) found.push(match[1] ?? "");
  // Enum literals (`classifier: SPAM`) are bare words in the document.
  for (const match of query.matchAll(/classifier\s*:\s*([A-Z_]+)/g)) found.push(match[1] ?? "");
  return found;
}
