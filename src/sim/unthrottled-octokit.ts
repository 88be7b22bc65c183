import { ProbotOctokit } from "probot";

/**
 * Probot's Octokit with retries and throttling off, optionally pointed at a GitHub stand-in: what
 * `simulate`, the tests and the bench use, so that virtual time never waits on real time and one
 * adapter verb is exactly the requests it sends. Throttling must be disabled with the function
 * form, or every write still waits (probot#2039).
 */
export function unthrottledOctokit(baseUrl?: string): typeof ProbotOctokit {
  return ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    ...(baseUrl === undefined ? {} : { baseUrl }),
    retry: { enabled: false },
    throttle: { ...(options.throttle as object | undefined), enabled: false },
  }));
}
