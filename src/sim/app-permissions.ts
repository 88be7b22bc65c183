import { findRoute } from "./answer-rest.js";
import type { Grant, PermissionContext } from "./permission-grant.js";
import { GRAPHQL_FIELDS } from "./resources/all-resources.js";

export type { Grant, PermissionContext } from "./permission-grant.js";
export { APP_DEFAULT_PERMISSIONS } from "./app-default-permissions.js";

/** A call to GitHub: a REST method and path (as GitHub's docs name it, no `/api/v3`), or a GraphQL field. */
export type PermissionCall = { method: string; path: string } | { operation: string };

/**
 * The GitHub App permissions a call needs, from the table each resource module keeps next to its
 * routes (GitHub's "Permissions required for GitHub Apps"): every grant listed is needed. The
 * context says what the call acts on where that decides it (an issue comment on a PR's thread
 * needs pull_requests: write; a ref update touching `.github/workflows/` also needs workflows:
 * write). Undefined when the stand-in does not know the call.
 */
export function permissionNeeded(call: PermissionCall, context: PermissionContext = {}): Grant[] | undefined {
  if ("operation" in call) {
    const field = GRAPHQL_FIELDS.find((f) => f.name === call.operation);
    if (!field) return undefined;
    return typeof field.permission === "function" ? field.permission(context) : [...field.permission];
  }
  const path = call.path.replace(/\?.*$/, "");
  const found = findRoute(call.method.toUpperCase(), path.split("/").slice(1));
  if (!found) return undefined;
  return typeof found.route.permission === "function" ? found.route.permission(context) : [...found.route.permission];
}
