import type { RepoRole } from "../github/github-adapter.js";

/** A JSON object as GitHub's REST API answers it; read field by field, never trusted whole. */
export type Json = Record<string, unknown>;

/** One issue or pull request updated in the window, with what was read about it. */
export interface HistoryItem {
  /** The issue as `GET /repos/{o}/{r}/issues` lists it (a pull request has `pull_request`). */
  issue: Json;
  /** `GET /repos/{o}/{r}/issues/{n}/timeline`: labels, closes, merges, draft toggles, assignments. */
  timeline: Json[];
  /** For a pull request: the pull itself, its reviews, commits and changed files. */
  pull?: { pull: Json; reviews: Json[]; commits: Json[]; files: Json[] };
}

/**
 * What `backtest` read of a repository's recent history through the REST API: the raw answers,
 * before they are turned into webhooks (history-events.ts), so that reading and converting are
 * tested apart.
 */
export interface RepoHistory {
  /** `GET /repos/{o}/{r}`. */
  repository: Json;
  /** The window read: [since, until). */
  since: string;
  until: string;
  /** The config files found, keyed as a world's files are (`path`, or `owner/name:path` for the org's). */
  files: Record<string, string>;
  /** login → repository role from `GET /repos/{o}/{r}/collaborators`; absent when the token may not list them. */
  collaborators?: Record<string, RepoRole>;
  items: HistoryItem[];
  /** `GET /repos/{o}/{r}/issues/comments?since=…`, comments created in the window. */
  issueComments: Json[];
  /** `GET /repos/{o}/{r}/pulls/comments?since=…`, review comments created in the window. */
  reviewComments: Json[];
  /**
   * Commits pushed straight to the default branch in the window (not a pull request's merge or
   * one of its commits), oldest first, each as `GET /repos/{o}/{r}/commits/{sha}` answers it (with
   * its files).
   */
  directCommits: Json[];
}
