import type { KnownAgent } from "./known-agents.js";

/**
 * What a webhook shows of an agent behind it, each signal naming where it was found:
 * - `author`: a commit authored or committed by an agent's own account, or a webhook sent by one (strong);
 * - `app`: an issue or comment stamped `performed_via_github_app` by an agent's App (strong);
 * - `trailer`: a `Co-authored-by:` trailer naming an agent (weak: a person used an assistant);
 * - `marker`: text an agent writes, in a body or a commit message (weak alone);
 * - `branch`: a branch with an agent's prefix (weak alone).
 */
export type SignalKind = "author" | "app" | "trailer" | "marker" | "branch";

/** One piece of evidence. */
export interface Signal {
  signal: SignalKind;
  /** The known agent it points at (`KnownAgent.agent`). */
  agent: string;
  /** What matched: the email, login, marker text, branch name or App slug (as found, shortened). */
  match: string;
  /** Where: `commit <sha>`, `pull request body`, `issue body`, `comment <id>`, `branch <name>`, `sender`. */
  source: string;
  /** The commit it was found in, for commit evidence. */
  sha?: string;
}

/** The evidence of one webhook: its signals and the branch it is about (a push's ref, a PR's head), for `agents[].when`. */
export interface Evidence {
  signals: Signal[];
  branch?: string;
}

type Json = Record<string, unknown>;

/** At most this many commits of a push are read (a push webhook carries up to 2,048), and this many signals kept. */
const MAX_COMMITS = 100;
const MAX_SIGNALS = 20;

/**
 * The evidence a webhook carries about an agent acting through the sender's account, read from
 * the payload alone (pure, no request): a push's commits (trailers, author, committer, message
 * markers) and branch; a pull request's body, head branch and sender; an issue's or comment's
 * body and `performed_via_github_app`; a review's or review comment's body. Empty for most events.
 */
export function findEvidence(name: string, payload: unknown, known: readonly KnownAgent[]): Evidence {
  if (payload === null || typeof payload !== "object") return { signals: [] };
  const p = payload as Json;
  const out: Signal[] = [];
  const add = (s: Signal | undefined) => {
    if (s && out.length < MAX_SIGNALS && !out.some((o) => o.signal === s.signal && o.agent === s.agent && o.source === s.source))
      out.push(s);
  };
  const sender = obj(p.sender);
  if (typeof sender?.login === "string") add(authorSignal(sender.login, "sender", known));
  let branch: string | undefined;

  switch (name) {
    case "push": {
      const ref = typeof p.ref === "string" ? p.ref : "";
      if (ref.startsWith("refs/heads/")) branch = ref.slice("refs/heads/".length);
      const commits = Array.isArray(p.commits) ? p.commits.slice(0, MAX_COMMITS) : [];
      for (const raw of commits) {
        const c = obj(raw);
        if (!c) continue;
        const sha = typeof c.id === "string" ? c.id : undefined;
        const where = `commit ${(sha ?? "?").slice(0, 12)}`;
        for (const who of [obj(c.author), obj(c.committer)]) {
          if (!who) continue;
          const login = typeof who.username === "string" ? who.username : undefined;
          const email = typeof who.email === "string" ? who.email : undefined;
          add(
            withSha(login ? authorSignal(login, where, known) : undefined, sha) ??
              withSha(email ? authorSignal(email, where, known) : undefined, sha),
          );
        }
        const message = typeof c.message === "string" ? c.message : "";
        for (const t of trailerEmails(message)) add(withSha(trailerSignal(t, where, known), sha));
        add(withSha(markerSignal(message, where, known), sha));
      }
      break;
    }
    case "pull_request": {
      const pr = obj(p.pull_request);
      if (!pr) break;
      const head = obj(pr.head);
      if (typeof head?.ref === "string") branch = head.ref;
      add(markerSignal(str(pr.body), "pull request body", known));
      const user = obj(pr.user);
      if (typeof user?.login === "string") add(authorSignal(user.login, "pull request author", known));
      break;
    }
    case "pull_request_review_comment":
    case "pull_request_review": {
      // The PR's branch is not the commenter's evidence: a maintainer reviewing an agent's PR is no agent.
      const item = obj(p.comment) ?? obj(p.review);
      add(
        markerSignal(str(item?.body), `${name === "pull_request_review" ? "review" : "comment"} ${String(item?.id ?? "")}`.trim(), known),
      );
      break;
    }
    case "issue_comment":
    case "discussion_comment":
    case "commit_comment": {
      const comment = obj(p.comment);
      const where = `comment ${String(comment?.id ?? "")}`.trim();
      add(markerSignal(str(comment?.body), where, known));
      add(appSignal(comment?.performed_via_github_app, where, known));
      break;
    }
    case "issues": {
      const issue = obj(p.issue);
      add(markerSignal(str(issue?.body), "issue body", known));
      add(appSignal(issue?.performed_via_github_app, "issue", known));
      break;
    }
    default:
      break;
  }
  if (branch !== undefined) add(branchSignal(branch, known));
  return branch !== undefined ? { signals: out, branch } : { signals: out };
}

/** `Co-authored-by:` lines' emails (and names, for a trailer without an email). */
function trailerEmails(message: string): string[] {
  if (!/co-authored-by:/i.test(message)) return [];
  const out: string[] = [];
  for (const m of message.matchAll(/^[ \t]*co-authored-by:[ \t]*(.*?)[ \t]*(?:<([^>\s]*)>)?[ \t]*$/gim)) {
    if (m[2]) out.push(m[2]);
    else if (m[1]) out.push(m[1]);
  }
  return out;
}

function authorSignal(who: string, source: string, known: readonly KnownAgent[]): Signal | undefined {
  const agent = known.find((k) => k.authors?.some((a) => matches(a, who)));
  return agent ? { signal: "author", agent: agent.agent, match: short(who), source } : undefined;
}

function trailerSignal(email: string, source: string, known: readonly KnownAgent[]): Signal | undefined {
  // An agent's own account named as co-author is a trailer too (a person committed with it).
  const agent = known.find(
    (k) => k.trailers?.some((t) => matches(t, email)) || k.authors?.some((a) => a.includes("@") && matches(a, email)),
  );
  return agent ? { signal: "trailer", agent: agent.agent, match: short(email), source } : undefined;
}

function markerSignal(text: string, source: string, known: readonly KnownAgent[]): Signal | undefined {
  if (text === "") return undefined;
  const lower = text.toLowerCase();
  for (const k of known) {
    const marker = k.markers?.find((m) => lower.includes(m.toLowerCase()));
    if (marker) return { signal: "marker", agent: k.agent, match: short(marker), source };
  }
  return undefined;
}

function branchSignal(branch: string, known: readonly KnownAgent[]): Signal | undefined {
  const lower = branch.toLowerCase();
  const agent = known.find((k) => k.branches?.some((b) => lower.startsWith(b.toLowerCase())));
  return agent ? { signal: "branch", agent: agent.agent, match: short(branch), source: `branch ${short(branch)}` } : undefined;
}

function appSignal(app: unknown, source: string, known: readonly KnownAgent[]): Signal | undefined {
  const slug = obj(app)?.slug;
  if (typeof slug !== "string") return undefined;
  const agent = known.find((k) => k.apps?.some((a) => a.toLowerCase() === slug.toLowerCase()));
  return agent ? { signal: "app", agent: agent.agent, match: short(slug), source } : undefined;
}

/** A pattern with `*` (any run) or an exact string, case-insensitive. */
function matches(pattern: string, value: string): boolean {
  const p = pattern.toLowerCase();
  const v = value.toLowerCase();
  if (!p.includes("*")) return p === v;
  const [head, ...rest] = p.split("*");
  const tail = rest.pop() ?? "";
  if (!v.startsWith(head ?? "") || !v.endsWith(tail) || v.length < (head ?? "").length + tail.length) return false;
  let at = (head ?? "").length;
  for (const part of rest) {
    const i = v.indexOf(part, at);
    if (i < 0 || i + part.length > v.length - tail.length) return false;
    at = i + part.length;
  }
  return true;
}

function withSha(s: Signal | undefined, sha: string | undefined): Signal | undefined {
  return s && sha ? { ...s, sha } : s;
}

/** Hostile text is kept short: the audit row and the alert quote it, never whole. */
function short(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}
