import { toGitHubError } from "./to-github-error.js";

/** Runs one Octokit call; whatever it throws leaves as a `GitHubError` (the adapter's boundary). */
export async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGitHubError(error);
  }
}

/** The HTTP status of an Octokit error, when it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** An error's message (GitHub's own text is in it), for matching GitHub's refusals. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
