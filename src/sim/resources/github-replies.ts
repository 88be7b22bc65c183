import type { Reply } from "./resource.js";

/** GitHub's 404, the same body whether the thing is missing or hidden from the caller. */
export function notFound(documentation = "https://docs.github.com/rest"): Reply {
  return { status: 404, body: { message: "Not Found", documentation_url: documentation } };
}

/** 204 No Content. */
export const NO_CONTENT: Reply = { status: 204 };

/** 200 with a JSON body. */
export function ok(body: unknown): Reply {
  return { status: 200, body };
}

/** 201 with the created resource. */
export function created(body: unknown): Reply {
  return { status: 201, body };
}

/**
 * GitHub's 422: a message, and for field errors the `errors` array (`{resource, field, code}`)
 * that Octokit folds into the error message.
 */
export function unprocessable(message: string, errors?: Record<string, unknown>[], documentation = "https://docs.github.com/rest"): Reply {
  return { status: 422, body: { message, ...(errors ? { errors } : {}), documentation_url: documentation } };
}

/** A required body field is missing: GitHub's "Validation Failed" with a `missing_field` error. */
export function missingField(resource: string, field: string): Reply {
  return unprocessable("Validation Failed", [{ resource, field, code: "missing_field" }]);
}

/** What GitHub answers an installation token that lacks the permission a call needs. */
export function notAccessibleByIntegration(documentation = "https://docs.github.com/rest"): Reply {
  return forbidden("Resource not accessible by integration", documentation);
}

/** A 403 with GitHub's body. */
export function forbidden(message: string, documentation = "https://docs.github.com/rest"): Reply {
  return { status: 403, body: { message, documentation_url: documentation } };
}
