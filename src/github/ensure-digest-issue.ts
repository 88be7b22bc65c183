import type { RepoRef } from "../policy/agent-action.js";
import { carriesMarker, withMarker, type CreationMarker } from "./creation-marker.js";
import { GitHubError } from "./github-adapter.js";
import { guard } from "./guard.js";
import type { OctokitLike } from "./octokit-adapter.js";

/** What one digest issue is. */
export interface DigestIssue {
  title: string;
  body: string;
  /** The owner, when the owner is a user (a team cannot be assigned). */
  assignees: string[];
  /** Names this digest (installation, scope, period): an issue of ours carrying it is this digest. */
  marker: CreationMarker;
  /** When the period ended: a digest is only ever created after it, so older issues need not be read. */
  createdAfter: Date;
}

/** The digest issue found or created; `assigned` false when GitHub refused the owner as assignee (created without one). */
export interface DigestIssueResult {
  number: number;
  url: string;
  created: boolean;
  assigned?: boolean;
}

/**
 * The digest verb of the GitHub adapter: the issue carrying the marker is looked for first, open
 * or closed (an owner closes a digest once read; that is no reason to post it again), among the
 * issues created since the period ended, newest first; only when none is found is it created,
 * with the marker in its body. A lost answer to the create (GitHub created it, the answer never
 * came) is so found by the next attempt instead of doubled. The create is sent once (again
 * only without the assignee after GitHub refused it, which creates nothing): the caller retries
 * on its next run, through this lookup, never blindly.
 */
export async function ensureDigestIssue(octokit: OctokitLike, repo: RepoRef, issue: DigestIssue): Promise<DigestIssueResult> {
  const found = await guard(async () => {
    const pages = octokit.paginate.iterator("GET /repos/{owner}/{repo}/issues", {
      ...repo,
      state: "all",
      sort: "created",
      direction: "desc",
      since: issue.createdAfter.toISOString(),
      per_page: 100,
    });
    for await (const page of pages) {
      for (const item of page.data) {
        if ("pull_request" in item && item.pull_request !== undefined) continue;
        if (carriesMarker(item, issue.marker)) return item;
      }
      // Newest first: past the period's end nothing older can be this digest.
      const last = page.data.at(-1);
      if (last !== undefined && Date.parse(last.created_at) < issue.createdAfter.getTime()) return undefined;
    }
    return undefined;
  });
  if (found !== undefined) return { number: Number(found.number), url: found.html_url, created: false };
  const create = (assignees: string[]) =>
    guard(() =>
      octokit.request("POST /repos/{owner}/{repo}/issues", {
        ...repo,
        title: issue.title,
        body: withMarker(issue.body, issue.marker),
        ...(assignees.length > 0 ? { assignees } : {}),
      }),
    );
  try {
    const { data } = await create(issue.assignees);
    return { number: Number(data.number), url: data.html_url, created: true, assigned: issue.assignees.length > 0 };
  } catch (error) {
    // 422 on `assignees` (the owner cannot be assigned here: no access to the repository): GitHub
    // created nothing, so sending it again without the assignee cannot make two.
    if (!(error instanceof GitHubError) || error.status !== 422 || issue.assignees.length === 0 || !/assignees/i.test(error.message))
      throw error;
    const { data } = await create([]);
    return { number: Number(data.number), url: data.html_url, created: true, assigned: false };
  }
}
