import type { GitHubAdapter } from "./github-adapter.js";

/**
 * An adapter built only when a verb is first called: a human's ordinary comment or push never
 * calls one, so it costs no Octokit (nor its plugins and token) at all. Every verb is async, so
 * each waits for the one build.
 */
export function lazyAdapter(build: () => Promise<GitHubAdapter>): GitHubAdapter {
  let built: Promise<GitHubAdapter> | undefined;
  return new Proxy({} as GitHubAdapter, {
    get(_target, verb: string | symbol) {
      // Not a thenable: `await adapter` must not call a verb named "then".
      if (verb === "then") return undefined;
      return async (...args: unknown[]) => {
        built ??= build();
        const adapter = await built;
        return (adapter[verb as keyof GitHubAdapter] as (...a: unknown[]) => unknown).apply(adapter, args);
      };
    },
  });
}
