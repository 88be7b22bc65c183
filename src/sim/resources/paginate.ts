import { ok } from "./github-replies.js";
import type { Reply, RestRequest } from "./resource.js";

/** Options of `paginate`. */
export interface PageOptions {
  /** Wrap the page like the check runs list: `{total_count, [key]: page}`. */
  wrap?: string;
  /** Items past this many are never listed (GitHub's cap on a PR's files is 3,000). */
  cap?: number;
}

/**
 * One page of a list, as GitHub pages it: `per_page` (default 30, at most 100) and `page` (from 1)
 * from the query, and a `Link` header with next/last and prev/first built from the request's own
 * URL, so Octokit's `paginate` follows it through the same path style (`/api/v3` kept).
 */
export function paginate(request: RestRequest, items: readonly unknown[], options: PageOptions = {}): Reply {
  const perPage = Math.min(100, Math.max(1, Number.parseInt(request.query.get("per_page") ?? "30", 10) || 30));
  const page = Math.max(1, Number.parseInt(request.query.get("page") ?? "1", 10) || 1);
  const listed = options.cap === undefined ? items : items.slice(0, options.cap);
  const last = Math.max(1, Math.ceil(listed.length / perPage));
  const slice = listed.slice((page - 1) * perPage, page * perPage);
  const links: string[] = [];
  if (request.url !== undefined) {
    const link = (n: number, rel: string) => {
      const url = new URL(request.url as string);
      url.searchParams.set("per_page", String(perPage));
      url.searchParams.set("page", String(n));
      links.push(`<${url.toString()}>; rel="${rel}"`);
    };
    if (page > 1) {
      link(Math.min(page - 1, last), "prev");
      link(1, "first");
    }
    if (page < last) {
      link(page + 1, "next");
      link(last, "last");
    }
  }
  const reply = ok(options.wrap === undefined ? slice : { total_count: items.length, [options.wrap]: slice });
  if (links.length > 0) reply.headers = { link: links.join(", ") };
  return reply;
}
