import type { Json } from "./repo-history.js";

/** Builds a webhook's common keys (action, repository, organization, installation, sender). */
export type Envelope = (action: string | undefined, sender: unknown) => Json;

const ZERO_SHA = "0000000000000000000000000000000000000000";

/**
 * The pushes straight to the default branch, as `push` webhooks from the commits' author: GitHub
 * does not keep who pushed, nor how commits were grouped into pushes (see directPushes).
 */
export function defaultBranchPushes(repository: Json, commits: Json[], envelope: Envelope): { name: string; at: string; payload: Json }[] {
  const branch = typeof repository.default_branch === "string" ? repository.default_branch : "main";
  return directPushes(commits).map((push) => {
    const last = push.at(-1) as Json;
    const sender = last.author ?? last.committer;
    const files = (commit: Json) => (Array.isArray(commit.files) ? (commit.files as Json[]) : []);
    const shaped = push.map((commit) => shapeCommit(commit, files(commit)));
    const before = ((push[0] as Json).parents as Json[] | undefined)?.[0]?.sha ?? ZERO_SHA;
    return {
      name: "push",
      at: commitDate(last),
      payload: {
        ref: `refs/heads/${branch}`,
        before,
        after: last.sha,
        created: false,
        deleted: false,
        forced: false,
        base_ref: null,
        compare: `${String(repository.html_url)}/compare/${String(before).slice(0, 12)}...${String(last.sha).slice(0, 12)}`,
        commits: shaped,
        head_commit: shaped.at(-1),
        pusher: { name: (sender as Json).login, email: null },
        ...envelope(undefined, sender),
      },
    };
  });
}

/**
 * The push that created a pull's branch in this repository, with the pull's changed files (what
 * a scope rule reads); none for a fork's branch, whose pushes this repository never saw.
 */
export function pullBranchPush(repository: Json, pull: Json, commits: Json[], files: Json[], envelope: Json): Json | null {
  const head = pull.head as Json | undefined;
  const headRepo = head?.repo as Json | null | undefined;
  if (!head || !headRepo || headRepo.full_name !== repository.full_name || commits.length === 0) return null;
  // The pull's files, all on the last commit: which commit changed which file is not in the pull's answers.
  const shaped = commits.map((c, index) => shapeCommit(c, index === commits.length - 1 ? files : []));
  const sender = envelope.sender as Json;
  return {
    ref: `refs/heads/${String(head.ref)}`,
    before: ZERO_SHA,
    after: commits.at(-1)?.sha,
    created: true,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `${String(repository.html_url)}/commit/${String(commits.at(-1)?.sha)}`,
    commits: shaped,
    head_commit: shaped.at(-1),
    pusher: { name: sender?.login, email: null },
    ...envelope,
  };
}

/** A REST commit as a push webhook lists it, with `files` (REST file entries) as its added/removed/modified paths. */
function shapeCommit(c: Json, files: Json[]): Json {
  const commit = c.commit as Json;
  const author = commit.author as Json | undefined;
  const committer = commit.committer as Json | undefined;
  const paths = (status: string[]) => files.filter((f) => status.includes(String(f.status))).map((f) => f.filename as string);
  const username = (user: unknown) => ((user as Json | null)?.login ? { username: (user as Json).login } : {});
  return {
    id: c.sha,
    tree_id: (commit.tree as Json | undefined)?.sha,
    distinct: true,
    message: commit.message,
    timestamp: author?.date,
    url: c.html_url,
    author: { name: author?.name, email: author?.email, ...username(c.author) },
    committer: { name: committer?.name, email: committer?.email, ...username(c.committer) },
    added: paths(["added"]),
    removed: paths(["removed"]),
    modified: paths(["modified", "changed", "renamed", "copied"]),
  };
}

/** Consecutive direct commits by one account, each on the previous and within 5 minutes of it: one push (GitHub does not say how they were pushed). */
function directPushes(commits: Json[]): Json[][] {
  const pushes: Json[][] = [];
  for (const commit of commits) {
    const login = (commit.author as Json | null)?.login ?? (commit.committer as Json | null)?.login;
    if (typeof login !== "string") continue; // no GitHub account to attribute it to
    const current = pushes.at(-1);
    const previous = current?.at(-1);
    const sameAuthor =
      previous !== undefined && ((previous.author as Json | null)?.login ?? (previous.committer as Json | null)?.login) === login;
    const onPrevious = previous !== undefined && (commit.parents as Json[] | undefined)?.[0]?.sha === previous.sha;
    const soon = previous !== undefined && Date.parse(commitDate(commit)) - Date.parse(commitDate(previous)) <= 5 * 60_000;
    if (current && sameAuthor && onPrevious && soon) current.push(commit);
    else pushes.push([commit]);
  }
  return pushes;
}

/** When a REST commit was committed (its author date when GitHub gives no committer date). */
export function commitDate(commit: Json): string {
  const c = commit.commit as Json | undefined;
  const date = (c?.committer as Json | undefined)?.date ?? (c?.author as Json | undefined)?.date;
  return typeof date === "string" ? date : "";
}
