import { commitDate, defaultBranchPushes, pullBranchPush } from "./history-pushes.js";
import type { HistoryItem, Json, RepoHistory } from "./repo-history.js";

/** A webhook rebuilt from history: the `X-GitHub-Event` name, its body, and when GitHub would have sent it. */
export interface HistoryEvent {
  name: string;
  payload: Json;
  at: string;
}

/** The installation the replayed webhooks name (the stand-in answers any id). */
const INSTALLATION = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
/** Who GitHub names for a deleted account, in answers and webhooks alike. */
const GHOST = {
  login: "ghost",
  id: 10137,
  node_id: "MDQ6VXNlcjEwMTM3",
  type: "User",
  site_admin: false,
  html_url: "https://github.com/ghost",
  url: "https://api.github.com/users/ghost",
};

/** Within one instant, the order GitHub delivers in: the push before the PR it opens, a PR before its comments. */
const ORDER: Record<string, number> = {
  push: 0,
  issues: 1,
  pull_request: 1,
  issue_comment: 2,
  pull_request_review: 2,
  pull_request_review_comment: 3,
};

/**
 * Turns what the REST API answered into the webhooks GitHub delivered in that window, shaped as
 * GitHub's (@octokit/webhooks-examples): `issues` and `pull_request` (opened, closed, merged,
 * reopened, labeled, unlabeled, assigned, unassigned, ready_for_review, converted_to_draft,
 * review_requested, synchronize), `push` (a pull's branch as it was first pushed, and commits
 * pushed straight to the default branch), `issue_comment`,
 * `pull_request_review_comment` and `pull_request_review` (created/submitted), ordered by time.
 * Pure. Objects are the REST ones (the same shapes webhooks carry), put back in the state they had
 * when the event happened as far as history tells (an opened issue is open, an opened pull unmerged).
 */
export function historyEvents(history: RepoHistory): HistoryEvent[] {
  const { since, until } = history;
  const from = Date.parse(since);
  const to = Date.parse(until);
  // Times compared as instants: GitHub writes `…:00Z`, toISOString `…:00.000Z`.
  const inWindow = (at: unknown): at is string => typeof at === "string" && Date.parse(at) >= from && Date.parse(at) < to;
  const repository = history.repository;
  const owner = repository.owner as Json | undefined;
  const envelope = (action: string | undefined, sender: unknown): Json => ({
    ...(action !== undefined ? { action } : {}),
    repository,
    ...(owner?.type === "Organization" ? { organization: { login: owner.login, id: owner.id, node_id: owner.node_id } } : {}),
    installation: INSTALLATION,
    sender: sender ?? GHOST,
  });

  const events: HistoryEvent[] = [];
  const byNumber = new Map<number, HistoryItem>();
  for (const item of history.items) byNumber.set(item.issue.number as number, item);

  for (const item of history.items) {
    const { issue } = item;
    const pull = item.pull?.pull;
    if (pull === undefined) {
      if (inWindow(issue.created_at))
        events.push({ name: "issues", at: issue.created_at, payload: { ...envelope("opened", issue.user), issue: openedIssue(issue) } });
      for (const event of item.timeline) {
        const converted = issueTimelineEvent(event);
        if (converted && inWindow(event.created_at))
          events.push({
            name: "issues",
            at: event.created_at,
            payload: { ...envelope(converted.action, event.actor), issue, ...converted.extra },
          });
      }
      continue;
    }
    const pullItem = item.pull as NonNullable<HistoryItem["pull"]>;
    const openedAt = pull.created_at as string;
    const commits = [...pullItem.commits].sort((a, b) => Date.parse(commitDate(a)) - Date.parse(commitDate(b)));
    const before = commits.filter((c) => Date.parse(commitDate(c)) <= Date.parse(openedAt));
    const headAtOpen = (before.at(-1) ?? commits[0])?.sha;
    const opened = openedPull(pull, item.timeline, typeof headAtOpen === "string" ? headAtOpen : undefined);
    if (inWindow(openedAt)) {
      const push = pullBranchPush(
        repository,
        pull,
        before.length > 0 ? before : commits.slice(0, 1),
        pullItem.files,
        envelope(undefined, pull.user),
      );
      if (push) events.push({ name: "push", at: new Date(Date.parse(openedAt) - 1000).toISOString(), payload: push });
      events.push({
        name: "pull_request",
        at: openedAt,
        payload: { ...envelope("opened", pull.user), number: pull.number, pull_request: opened },
      });
    }
    // Each commit pushed after the pull was opened moved its head: a synchronize, from the pull's author (the pusher is not in history).
    let previous = opened.head as Json;
    for (const commit of commits) {
      const at = commitDate(commit);
      if (Date.parse(at) <= Date.parse(openedAt) || !inWindow(at)) continue;
      const head = { ...previous, sha: commit.sha };
      events.push({
        name: "pull_request",
        at,
        payload: {
          ...envelope("synchronize", pull.user),
          number: pull.number,
          before: previous.sha,
          after: commit.sha,
          pull_request: { ...opened, head },
        },
      });
      previous = head;
    }
    const mergedAt = typeof pull.merged_at === "string" ? pull.merged_at : undefined;
    for (const event of item.timeline) {
      if (!inWindow(event.created_at)) continue;
      // A merge shows in the timeline as `merged` and `closed` at once; GitHub sends one webhook, closed with merged: true.
      if (event.event === "closed" && mergedAt !== undefined && Date.parse(event.created_at) === Date.parse(mergedAt)) continue;
      const converted = pullTimelineEvent(event, pull);
      if (converted)
        events.push({
          name: "pull_request",
          at: event.created_at,
          payload: { ...envelope(converted.action, event.actor), number: pull.number, pull_request: converted.pull, ...converted.extra },
        });
    }
    for (const review of pullItem.reviews) {
      if (!inWindow(review.submitted_at) || review.state === "PENDING") continue;
      const shaped = { ...review, state: String(review.state).toLowerCase() };
      events.push({
        name: "pull_request_review",
        at: review.submitted_at,
        payload: { ...envelope("submitted", review.user), review: shaped, pull_request: pull },
      });
    }
  }

  for (const comment of history.issueComments) {
    if (!inWindow(comment.created_at)) continue;
    const number = numberFromUrl(comment.issue_url);
    const item = number !== undefined ? byNumber.get(number) : undefined;
    if (!item) continue;
    events.push({
      name: "issue_comment",
      at: comment.created_at,
      payload: { ...envelope("created", comment.user), issue: item.issue, comment },
    });
  }
  for (const comment of history.reviewComments) {
    if (!inWindow(comment.created_at)) continue;
    const number = numberFromUrl(comment.pull_request_url);
    const pull = number !== undefined ? byNumber.get(number)?.pull?.pull : undefined;
    if (!pull) continue;
    events.push({
      name: "pull_request_review_comment",
      at: comment.created_at,
      payload: { ...envelope("created", comment.user), comment, pull_request: pull },
    });
  }

  for (const push of defaultBranchPushes(repository, history.directCommits, envelope)) if (inWindow(push.at)) events.push(push);

  // Stable: same-instant events keep the delivery order above.
  return events
    .map((event, index) => ({ event: { ...event, at: new Date(event.at).toISOString() }, index }))
    .sort(
      (a, b) =>
        Date.parse(a.event.at) - Date.parse(b.event.at) || (ORDER[a.event.name] ?? 9) - (ORDER[b.event.name] ?? 9) || a.index - b.index,
    )
    .map(({ event }) => event);
}

function openedIssue(issue: Json): Json {
  return { ...issue, state: "open", state_reason: null, closed_at: null, closed_by: null, comments: 0 };
}

/** The pull as it was opened: open, unmerged, a draft if it was later marked ready, its head then. */
function openedPull(pull: Json, timeline: Json[], headSha: string | undefined): Json {
  const firstToggle = timeline.find((e) => e.event === "ready_for_review" || e.event === "convert_to_draft");
  const draft = firstToggle ? firstToggle.event === "ready_for_review" : pull.draft === true;
  const head = { ...(pull.head as Json), ...(headSha !== undefined ? { sha: headSha } : {}) };
  return { ...pull, state: "open", draft, merged: false, merged_at: null, merged_by: null, merge_commit_sha: null, closed_at: null, head };
}

function issueTimelineEvent(event: Json): { action: string; extra: Json } | null {
  switch (event.event) {
    case "closed":
    case "reopened":
      return { action: event.event, extra: {} };
    case "labeled":
    case "unlabeled":
      return { action: event.event, extra: { label: event.label } };
    case "assigned":
    case "unassigned":
      return { action: event.event, extra: { assignee: event.assignee } };
    default:
      return null;
  }
}

function pullTimelineEvent(event: Json, pull: Json): { action: string; pull: Json; extra: Json } | null {
  switch (event.event) {
    case "merged":
      return {
        action: "closed",
        pull: {
          ...pull,
          state: "closed",
          merged: true,
          merged_by: event.actor ?? pull.merged_by,
          merged_at: event.created_at,
          merge_commit_sha: event.commit_id ?? pull.merge_commit_sha,
        },
        extra: {},
      };
    case "closed":
      return { action: "closed", pull: { ...pull, state: "closed", merged: false, closed_at: event.created_at }, extra: {} };
    case "reopened":
      return { action: "reopened", pull: { ...pull, state: "open", merged: false, closed_at: null }, extra: {} };
    case "ready_for_review":
      return { action: "ready_for_review", pull: { ...pull, draft: false }, extra: {} };
    case "convert_to_draft":
      return { action: "converted_to_draft", pull: { ...pull, draft: true }, extra: {} };
    case "labeled":
    case "unlabeled":
      return { action: event.event, pull, extra: { label: event.label } };
    case "assigned":
    case "unassigned":
      return { action: event.event, pull, extra: { assignee: event.assignee } };
    case "review_requested":
      return {
        action: "review_requested",
        pull,
        extra: event.requested_team ? { requested_team: event.requested_team } : { requested_reviewer: event.requested_reviewer },
      };
    default:
      return null;
  }
}

function numberFromUrl(url: unknown): number | undefined {
  const m = typeof url === "string" ? /\/(\d+)$/.exec(url) : null;
  return m ? Number(m[1]) : undefined;
}
