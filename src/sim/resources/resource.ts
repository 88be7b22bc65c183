import type { JsonObject } from "../json-object.js";
import type { PermissionContext, PermissionRule } from "../permission-grant.js";
import type { StandInState } from "../stand-in-state.js";

/** A request as the router sees it: path segments already URL-decoded one by one. */
export interface RestRequest {
  method: string;
  segments: string[];
  query: URLSearchParams;
  body: unknown;
  /** The Accept header, lower case. */
  accept: string;
  /** The request's own absolute URL (GHES `/api/v3` prefix and query included): pagination links are built from it. */
  url?: string;
  /** The Authorization header as sent (`token …`, `bearer …`); empty when absent. */
  authorization?: string;
}

/** What the stand-in answers: a JSON body, or raw text with its own content type. */
export interface Reply {
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** Path parameters by name (`:owner`, `*ref`). */
export type Params = Record<string, string>;

/** One REST route of a resource: its pattern, the App permission it needs and its answer. */
export interface RestRoute {
  method: string;
  /** `:name` matches one segment, `*name` the rest (joined with "/"). */
  pattern: string;
  /** GitHub's "Permissions required for GitHub Apps" for this endpoint. */
  permission: PermissionRule;
  /** Answers only the App itself (a JWT), never an installation token: the App's own settings and logs. */
  appJwt?: boolean;
  /** What decides a context-dependent permission (the thread's kind, the files a ref update changes). */
  context?: (state: StandInState, params: Params, request: RestRequest) => PermissionContext;
  answer: (state: StandInState, params: Params, request: RestRequest) => Reply;
}

/** Arguments of a GraphQL field, by name, variables resolved (`input: {subjectId: $id}` → `subjectId`). */
export type GraphqlArguments = Record<string, unknown>;

/** What a GraphQL field resolves to: its data, or a GraphQL error (GitHub answers HTTP 200 with `errors`). */
export type GraphqlOutcome = { data: unknown } | { error: { type: string; message: string } };

/** One top-level GraphQL field (a mutation, mostly) a resource answers. */
export interface GraphqlResolver {
  name: string;
  permission: PermissionRule;
  context?: (state: StandInState, args: GraphqlArguments) => PermissionContext;
  resolve: (state: StandInState, args: GraphqlArguments) => GraphqlOutcome;
}

/** `owner/name` of a route's repository. */
export function repoOf(p: Params): string {
  return `${p.owner}/${p.repo}`;
}

/** A JSON body as an object (empty when absent). */
export function bodyOf(request: RestRequest): JsonObject {
  const body = request.body;
  return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as JsonObject) : {};
}
