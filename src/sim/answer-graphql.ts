import { grantedPermissions } from "./app-default-permissions.js";
import { graphqlFields } from "./graphql-fields.js";
import { asObject, type JsonObject } from "./json-object.js";
import { lacking } from "./permission-grant.js";
import { GRAPHQL_FIELDS } from "./resources/all-resources.js";
import type { GraphqlArguments, Reply } from "./resources/resource.js";
import type { StandInState } from "./stand-in-state.js";

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
 * Answers POST /graphql like GitHub: each top-level field goes to the resource that owns it
 * (src/sim/resources/). A field the installation lacks the permission for, or whose node does
 * not exist, is `null` in `data` with an entry in `errors` (type FORBIDDEN or NOT_FOUND, `path`
 * naming the field) — HTTP 200, as GitHub answers. An unknown field answers `{}` so that the
 * recording, not a stand-in gap, is what a test looks at.
 */
export function answerGraphql(state: StandInState, body: unknown): Reply {
  const request = asObject(body);
  const query = typeof request?.query === "string" ? request.query : undefined;
  const document = query === undefined ? null : graphqlFields(query);
  if (query === undefined || document === null || document.fields.length === 0) {
    return { status: 400, body: { message: "Problems parsing JSON: a GraphQL document with a field is required" } };
  }
  const args = fieldArguments(query, asObject(request?.variables));
  const data: JsonObject = {};
  const errors: JsonObject[] = [];
  for (const field of document.fields) {
    const resolver = GRAPHQL_FIELDS.find((r) => r.name === field.name);
    if (!resolver) {
      data[field.key] = field.name === "viewer" ? { login: state.world.app } : {};
      continue;
    }
    const needed =
      typeof resolver.permission === "function" ? resolver.permission(resolver.context?.(state, args) ?? {}) : resolver.permission;
    const outcome = lacking(grantedPermissions(state.world), needed)
      ? { error: { type: "FORBIDDEN", message: "Resource not accessible by integration" } }
      : resolver.resolve(state, args);
    if ("error" in outcome) {
      data[field.key] = null;
      errors.push({ ...outcome.error, path: [field.key], locations: [] });
    } else data[field.key] = outcome.data;
  }
  return { status: 200, body: errors.length === 0 ? { data } : { data, errors } };
}

/**
 * The named arguments anywhere in the document (`subjectId: $id`, `classifier: SPAM`,
 * `body: "text"`), variables resolved; the first occurrence of a name wins. Enough for the
 * mutations the stand-in answers, which each take one input object.
 */
function fieldArguments(query: string, variables: JsonObject | undefined): GraphqlArguments {
  const args: GraphqlArguments = {};
  const body = query.replace(/^[^{(]*\([^)]*\)/, "");
  for (const match of body.matchAll(
    /([_A-Za-z][_0-9A-Za-z]*)\s*:\s*(\$[_A-Za-z][_0-9A-Za-z]*|"(?:[^"\\\n]|\\.)*"|[_A-Za-z][_0-9A-Za-z]*|-?\d+)/g,
  )) {
    const name = match[1] as string;
    const raw = match[2] as string;
    if (name in args) continue;
    if (raw.startsWith("$")) {
      const value = variables?.[raw.slice(1)];
      if (value !== undefined) args[name] = value;
    } else if (raw.startsWith('"')) args[name] = JSON.parse(raw) as unknown;
    else if (/^-?\d+$/.test(raw)) args[name] = Number(raw);
    else if (raw !== "true" && raw !== "false" && raw !== "null") args[name] = raw;
    else args[name] = raw === "null" ? null : raw === "true";
  }
  return args;
}
