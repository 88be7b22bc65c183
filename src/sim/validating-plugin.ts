import { checkGraphqlRequest } from "./check-graphql-request.js";
import { describeGraphql } from "./answer-graphql.js";
import type { InvalidRequest } from "./github-stand-in.js";
import { validateRestRequest } from "./validate-rest-request.js";

/** The part of an Octokit instance the plugin uses (any @octokit/core version has it). */
interface HookableOctokit {
  hook: { before(name: "request", hook: (options: Record<string, unknown>) => void): void };
  request: { endpoint: { parse(options: Record<string, unknown>): { method: string; url: string; body?: unknown } } };
}

/**
 * An Octokit plugin that checks every request before it is sent, with the validators the
 * stand-in uses, and reports the ones GitHub would refuse to `onInvalid`. For tests whose GitHub
 * is nock, which accepts whatever a test scripted: `Octokit.plugin(validatingPlugin(...))`. The
 * request still goes out, so the test sees what it scripted and fails on the report instead.
 */
export function validatingPlugin(onInvalid: (invalid: InvalidRequest) => void): (octokit: HookableOctokit) => void {
  return (octokit) => {
    octokit.hook.before("request", (options) => {
      const { method, url, body } = octokit.request.endpoint.parse(options);
      const parsed = new URL(url);
      const rawPath = parsed.pathname === "/api/graphql" ? "/graphql" : parsed.pathname.replace(/^\/api\/v3(?=\/|$)/, "") || "/";
      const segments = rawPath.split("/").slice(1).map(safeDecode);
      const path = `/${segments.join("/")}`;
      const shown = `${path}${parsed.search}`;
      if (method === "POST" && path === "/graphql") {
        const refused = checkGraphqlRequest(body);
        const operation = describeGraphql(body).operation;
        if (refused) onInvalid({ method, path: shown, ...(operation !== undefined ? { operation } : {}), reason: refused.reason });
        return;
      }
      const refused = validateRestRequest({ method, path, segments, query: parsed.searchParams, body });
      if (refused)
        onInvalid({
          method,
          path: shown,
          ...(refused.operation !== undefined ? { operation: refused.operation } : {}),
          reason: refused.reason,
        });
    });
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
