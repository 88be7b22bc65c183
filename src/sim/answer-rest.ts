import { grantedPermissions } from "./app-default-permissions.js";
import { lacking } from "./permission-grant.js";
import { REST_ROUTES } from "./resources/all-resources.js";
import { forbidden, notAccessibleByIntegration, notFound } from "./resources/github-replies.js";
import type { Params, Reply, RestRequest, RestRoute } from "./resources/resource.js";
import type { StandInState } from "./stand-in-state.js";

export type { Reply, RestRequest } from "./resources/resource.js";

/**
 * Answers a REST request like GitHub would: the router over the resource modules
 * (src/sim/resources/), each of which owns its routes. Before a route answers, what every route
 * shares is checked here: a repository that does not exist and an org that is none (a personal
 * account has no org) are 404, and a call the installation lacks the permission for is 403
 * "Resource not accessible by integration". An unknown route is a 404, which the recording shows.
 */
export function answerRest(state: StandInState, request: RestRequest): Reply {
  const found = findRoute(request.method, request.segments);
  if (!found) return notFound();
  const { route, params } = found;
  if (route.appJwt === true && !isAppJwt(request.authorization)) return jwtRequired();
  if (params.owner !== undefined && params.repo !== undefined && !state.repositories.exists(`${params.owner}/${params.repo}`))
    return notFound();
  if (params.org !== undefined && !(state.people.isOrganization && params.org === state.world.owner)) return notFound();
  const context = route.context?.(state, params, request) ?? {};
  const needed = typeof route.permission === "function" ? route.permission(context) : route.permission;
  const missing = lacking(grantedPermissions(state.world), needed);
  // GitHub words a workflow change without `workflows` as git push does (public reports, e.g.
  // repo-sync/github-sync#23); its REST status is not documented: 403 like any missing permission.
  if (missing?.scope === "workflows" && context.workflowPath !== undefined) {
    return forbidden(
      `refusing to allow a GitHub App to create or update workflow \`${context.workflowPath}\` without \`workflows\` permission`,
    );
  }
  if (missing) return notAccessibleByIntegration();
  return route.answer(state, params, request);
}

/** A bearer token shaped like a JWT (three base64url parts); the stand-in does not check its signature. */
function isAppJwt(authorization: string | undefined): boolean {
  return /^bearer [\w-]+\.[\w-]+\.[\w-]+$/i.test(authorization ?? "");
}

/** What GitHub answers an installation token (or none) at an App-only route. */
function jwtRequired(): Reply {
  return { status: 401, body: { message: "A JSON web token could not be decoded", documentation_url: "https://docs.github.com/rest" } };
}

/** The route a method and path (URL-decoded segments) reach, with its parameters. */
export function findRoute(method: string, segments: readonly string[]): { route: RestRoute; params: Params } | undefined {
  for (const route of REST_ROUTES) {
    if (route.method !== method) continue;
    const params = match(route.pattern, segments);
    if (params) return { route, params };
  }
  return undefined;
}

/** `:name` matches one segment, `*name` the rest (joined with "/"). */
function match(pattern: string, segments: readonly string[]): Params | undefined {
  const parts = pattern.split("/").slice(1);
  const params: Params = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (part.startsWith("*")) {
      if (i >= segments.length) return undefined;
      params[part.slice(1)] = segments.slice(i).join("/");
      return params;
    }
    const segment = segments[i];
    if (segment === undefined) return undefined;
    if (part.startsWith(":")) params[part.slice(1)] = segment;
    else if (part !== segment) return undefined;
  }
  return parts.length === segments.length ? params : undefined;
}
