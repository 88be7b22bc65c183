const DOCS = "https://docs.github.com/rest";

/**
 * The body GitHub answers an error status with: what the app's error handling sees in production
 * (a 403 from a missing installation permission, a secondary rate limit, a server error).
 */
export function githubErrorBody(status: number): { message: string; documentation_url: string; status: string } {
  const message =
    status === 403
      ? "Resource not accessible by integration"
      : status === 429
        ? "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
        : status >= 500
          ? "Server Error"
          : `Injected failure ${status}`;
  const documentation =
    status === 403
      ? "https://docs.github.com/rest/overview/permissions-required-for-github-apps"
      : status === 429
        ? "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
        : DOCS;
  return { message, documentation_url: documentation, status: String(status) };
}
