import { createHash } from "node:crypto";
import type { World } from "./scenario.js";

/** A JSON object as the stand-in stores and serves it. */
export type JsonObject = Record<string, unknown>;

/** A comment the stand-in knows: seen in a webhook or created by the app. */
export interface StoredComment {
  /** `owner/name`. */
  repo: string;
  /** Issue or PR number of the thread (0 when unknown). */
  number: number;
  kind: "issue" | "review" | "other";
  json: JsonObject;
  minimized: boolean;
}

/**
 * What the fake GitHub remembers between requests, so that reads stay consistent with earlier
 * webhooks and writes (a PR converted to draft reads back as a draft, a synchronize moves the head
 * sha). Seeded by `observe` from webhook payloads; mutated by the app's writes.
 */
export class StandInState {
  readonly pulls = new Map<string, JsonObject>();
  readonly issues = new Map<string, JsonObject>();
  /** Thread key → label names (issues and PRs share numbers, as on GitHub). */
  readonly labels = new Map<string, string[]>();
  readonly comments = new Map<number, StoredComment>();
  readonly reviews = new Map<number, JsonObject & { repo: string; number: number }>();
  readonly checkRuns: (JsonObject & { repo: string; id: number; head_sha: string; name: string })[] = [];
  /** `owner/name:heads/main` → sha. */
  readonly refs = new Map<string, string>();
  /** commit sha → its first parent. */
  readonly parents = new Map<string, string>();
  /** `owner/name:heads/branch` → paths changed by pushes to it (what a PR from that branch changes). */
  readonly branchPaths = new Map<string, Set<string>>();
  readonly knownRepos = new Set<string>();
  installationId = 1;
  private nextId = 7_000_000;

  constructor(
    readonly world: World,
    readonly clock: () => Date,
  ) {
    this.knownRepos.add(`${world.owner}/${world.repo}`);
  }

  /** A fresh id for something the app created. */
  newId(): number {
    return this.nextId++;
  }

  /** Now on the scenario's clock, as GitHub formats it. */
  now(): string {
    return this.clock().toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  /** Records what a webhook says about the world (see StandIn.observe). */
  observe(eventName: string, payload: JsonObject): void {
    const repository = asObject(payload.repository);
    const repo = typeof repository?.full_name === "string" ? repository.full_name : `${this.world.owner}/${this.world.repo}`;
    this.knownRepos.add(repo);
    const installation = asObject(payload.installation);
    if (typeof installation?.id === "number") this.installationId = installation.id;

    const pull = asObject(payload.pull_request);
    if (pull && typeof pull.number === "number") this.rememberPull(repo, pull);

    const issue = asObject(payload.issue);
    if (issue && typeof issue.number === "number") {
      this.issues.set(threadKey(repo, issue.number), structuredClone(issue));
      if (Array.isArray(issue.labels)) this.labels.set(threadKey(repo, issue.number), labelNames(issue.labels));
    }

    const comment = asObject(payload.comment);
    if (comment && typeof comment.id === "number") {
      if (payload.action === "deleted") this.comments.delete(comment.id);
      else {
        const number = typeof issue?.number === "number" ? issue.number : typeof pull?.number === "number" ? pull.number : 0;
        const kind = eventName === "issue_comment" ? "issue" : eventName === "pull_request_review_comment" ? "review" : "other";
        this.comments.set(comment.id, { repo, number, kind, json: structuredClone(comment), minimized: false });
      }
    }

    const review = asObject(payload.review);
    if (review && typeof review.id === "number" && typeof pull?.number === "number") {
      this.reviews.set(review.id, { ...structuredClone(review), repo, number: pull.number });
    }

    if (eventName === "push" && typeof payload.ref === "string" && typeof payload.after === "string") {
      this.refs.set(`${repo}:${payload.ref.replace(/^refs\//, "")}`, payload.after);
      if (typeof payload.before === "string") this.parents.set(payload.after, payload.before);
      const key = `${repo}:${payload.ref.replace(/^refs\//, "")}`;
      const paths = this.branchPaths.get(key) ?? new Set<string>();
      for (const commit of Array.isArray(payload.commits) ? payload.commits : []) {
        for (const field of ["added", "modified", "removed"]) {
          const list = asObject(commit)?.[field];
          if (Array.isArray(list)) for (const path of list) if (typeof path === "string") paths.add(path);
        }
      }
      this.branchPaths.set(key, paths);
    }
  }

  /** Merges a PR object over what is known (a review payload carries a partial PR). */
  rememberPull(repo: string, pull: JsonObject): void {
    const key = threadKey(repo, pull.number as number);
    this.pulls.set(key, { ...(this.pulls.get(key) ?? {}), ...structuredClone(pull) });
    if (Array.isArray(pull.labels)) this.labels.set(key, labelNames(pull.labels));
  }

  /** The PR as GitHub would return it: observed, or a plausible generic one. */
  pull(repo: string, number: number): JsonObject {
    const key = threadKey(repo, number);
    const known = this.pulls.get(key);
    const pull = known ?? this.genericPull(repo, number);
    if (!known) this.pulls.set(key, pull);
    return { ...pull, labels: this.labelObjects(repo, this.labels.get(key) ?? []) };
  }

  /** Finds a PR by its GraphQL node id. */
  pullByNodeId(nodeId: string): { repo: string; pull: JsonObject } | undefined {
    for (const [key, pull] of this.pulls) {
      if (pull.node_id === nodeId) return { repo: key.slice(0, key.lastIndexOf("#")), pull };
    }
    return undefined;
  }

  /** The issue (or a PR's issue view) as GitHub would return it. */
  issue(repo: string, number: number): JsonObject {
    const key = threadKey(repo, number);
    const known = this.issues.get(key);
    const pull = this.pulls.get(key);
    const base: JsonObject =
      known ??
      (pull
        ? {
            number,
            node_id: `I_standin${number}`,
            title: pull.title,
            user: pull.user,
            state: pull.state,
            body: pull.body,
            html_url: pull.html_url,
            pull_request: { url: `https://api.github.com/repos/${repo}/pulls/${number}`, html_url: pull.html_url },
          }
        : this.genericIssue(repo, number));
    if (!known) this.issues.set(key, base);
    return { ...base, labels: this.labelObjects(repo, this.labels.get(key) ?? []) };
  }

  /** The highest issue or PR number known in the repository plus one. */
  nextNumber(repo: string): number {
    let max = 0;
    for (const key of [...this.pulls.keys(), ...this.issues.keys()]) {
      if (key.startsWith(`${repo}#`)) max = Math.max(max, Number(key.slice(repo.length + 1)));
    }
    return max + 1;
  }

  /** Label objects shaped like GitHub's. */
  labelObjects(repo: string, names: string[]): JsonObject[] {
    return names.map((name) => ({
      id: idFrom(`label:${repo}:${name}`),
      node_id: `LA_standin${idFrom(`label:${repo}:${name}`)}`,
      url: `https://api.github.com/repos/${repo}/labels/${encodeURIComponent(name)}`,
      name,
      color: "ededed",
      default: false,
      description: null,
    }));
  }

  /** The head of a branch (`heads/main`), stable when nothing moved it. */
  ref(repo: string, ref: string): string {
    return this.refs.get(`${repo}:${ref}`) ?? fakeSha(`${repo}:${ref}`);
  }

  /** Whether `ancestor` is `sha` or one of its first-parent ancestors, as far as the stand-in knows. */
  descendsFrom(sha: string, ancestor: string): boolean {
    let current: string | undefined = sha;
    for (let steps = 0; current !== undefined && steps < 1000; steps++) {
      if (current === ancestor) return true;
      current = this.parents.get(current);
    }
    return false;
  }

  /** An account object for a login, typed by the `[bot]` suffix. */
  account(login: string): JsonObject {
    const bot = login.endsWith("[bot]");
    return {
      login,
      id: idFrom(`user:${login}`),
      node_id: `${bot ? "BOT" : "U"}_standin${idFrom(`user:${login}`)}`,
      type: bot ? "Bot" : "User",
      site_admin: false,
      html_url: `https://github.com/${bot ? `apps/${login.replace(/\[bot\]$/, "")}` : login}`,
    };
  }

  private genericPull(repo: string, number: number): JsonObject {
    return {
      url: `https://api.github.com/repos/${repo}/pulls/${number}`,
      id: idFrom(`pull:${repo}#${number}`),
      node_id: `PR_standin${number}`,
      html_url: `https://github.com/${repo}/pull/${number}`,
      number,
      state: "open",
      locked: false,
      title: `Pull request ${number}`,
      user: this.account("octocat"),
      body: null,
      draft: false,
      merged: false,
      merged_at: null,
      merge_commit_sha: null,
      head: { ref: `branch-${number}`, sha: fakeSha(`head:${repo}#${number}`), label: `${repo.split("/")[0]}:branch-${number}` },
      base: { ref: this.world.default_branch, sha: this.ref(repo, `heads/${this.world.default_branch}`) },
      author_association: "CONTRIBUTOR",
    };
  }

  private genericIssue(repo: string, number: number): JsonObject {
    return {
      url: `https://api.github.com/repos/${repo}/issues/${number}`,
      id: idFrom(`issue:${repo}#${number}`),
      node_id: `I_standin${number}`,
      html_url: `https://github.com/${repo}/issues/${number}`,
      number,
      state: "open",
      title: `Issue ${number}`,
      user: this.account("octocat"),
      body: null,
      author_association: "CONTRIBUTOR",
    };
  }
}

/** `owner/name#number`. */
export function threadKey(repo: string, number: number): string {
  return `${repo}#${number}`;
}

/** A deterministic 40-hex sha for something the stand-in invents. */
export function fakeSha(seed: string): string {
  return createHash("sha1").update(seed).digest("hex");
}

/** A deterministic positive id for something the stand-in invents. */
export function idFrom(seed: string): number {
  return Number.parseInt(createHash("sha1").update(seed).digest("hex").slice(0, 7), 16);
}

/** The value when it is a JSON object. */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function labelNames(labels: unknown[]): string[] {
  return labels
    .map((label) => (typeof label === "string" ? label : asObject(label)?.name))
    .filter((name): name is string => typeof name === "string");
}
