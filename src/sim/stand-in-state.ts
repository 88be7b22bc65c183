import { asObject, type JsonObject } from "./json-object.js";
import type { PermissionContext } from "./permission-grant.js";
import { CheckRuns } from "./resources/checks.js";
import { Comments } from "./resources/comments.js";
import { Discussions } from "./resources/discussions.js";
import { GitData } from "./resources/git.js";
import { HookDeliveries } from "./resources/hook-deliveries.js";
import { Issues, threadKey } from "./resources/issues.js";
import { Labels } from "./resources/labels.js";
import { People } from "./resources/people.js";
import { Pulls, rememberPull } from "./resources/pulls.js";
import { Releases } from "./resources/releases.js";
import { WorkflowRuns } from "./resources/actions.js";
import { Repositories } from "./resources/repositories.js";
import { Reviews } from "./resources/reviews.js";
import { UserSessions } from "./resources/user-sessions.js";
import type { World } from "./scenario.js";

export { asObject, type JsonObject } from "./json-object.js";
export { fakeSha, idFrom } from "./fake-sha.js";
export { threadKey } from "./resources/issues.js";

/**
 * What the fake GitHub remembers between requests, one slice per resource (src/sim/resources/),
 * so that reads stay consistent with earlier webhooks and writes (a PR converted to draft reads
 * back as a draft, a synchronize moves the head sha) and what was never seen is 404. Seeded from
 * the world and by `observe` from webhook payloads; mutated by the app's writes.
 */
export class StandInState {
  readonly repositories: Repositories;
  readonly people: People;
  readonly git: GitData;
  readonly issues = new Issues();
  readonly pulls = new Pulls();
  readonly discussions = new Discussions();
  readonly comments = new Comments();
  readonly reviews = new Reviews();
  readonly labels = new Labels();
  readonly checks = new CheckRuns();
  readonly hookDeliveries = new HookDeliveries();
  readonly releases = new Releases();
  readonly runs = new WorkflowRuns();
  /** OAuth codes and user tokens (the dashboard's GitHub sign-in). */
  readonly userSessions = new UserSessions();
  installationId = 1;
  private nextId = 7_000_000;

  constructor(
    readonly world: World,
    readonly clock: () => Date,
  ) {
    this.repositories = new Repositories(world);
    this.people = new People(world);
    this.git = new GitData(world);
    const main = this.repositories.main;
    this.git.snapshot(this.git.tip(main, `heads/${world.default_branch}`) as string, this.repositories.files(main));
    for (const attempt of world.deliveries ?? []) this.hookDeliveries.record(attempt, this.now());
  }

  /** The default branch of a repository: the world's for its own, `main` for the others. */
  defaultBranchOf(repo: string): string {
    return repo === this.repositories.main ? this.world.default_branch : "main";
  }

  /** A fresh id for something the app created. */
  newId(): number {
    return this.nextId++;
  }

  /** Now on the scenario's clock, as GitHub formats it. */
  now(): string {
    return this.clock()
      .toISOString()
      .replace(/\.\d{3}Z$/, "Z");
  }

  /** Records what a webhook says about the world (see StandIn.observe). */
  observe(eventName: string, payload: JsonObject): void {
    const repository = asObject(payload.repository);
    const repo = typeof repository?.full_name === "string" ? repository.full_name : this.repositories.main;
    this.repositories.add(repo, typeof repository?.node_id === "string" ? repository.node_id : undefined);
    this.people.observe(payload);
    const installation = asObject(payload.installation);
    if (typeof installation?.id === "number") this.installationId = installation.id;

    const pull = asObject(payload.pull_request);
    if (pull && typeof pull.number === "number") rememberPull(this, repo, pull);

    const issue = asObject(payload.issue);
    if (issue && typeof issue.number === "number") {
      const key = threadKey(repo, issue.number);
      if (issue.pull_request !== undefined && !this.pulls.items.has(key)) {
        // An issue_comment on a PR announces the PR; GitHub knows it, the payload only its issue view.
        rememberPull(this, repo, {
          number: issue.number,
          title: issue.title,
          user: issue.user,
          state: issue.state,
          body: issue.body ?? null,
          html_url: asObject(issue.pull_request)?.html_url ?? issue.html_url,
        });
      }
      this.issues.remember(repo, issue);
      if (Array.isArray(issue.labels)) this.labels.set(repo, key, Labels.names(issue.labels));
    }
    const label = asObject(payload.label);
    if (typeof label?.name === "string") this.labels.define(repo, label.name);

    this.discussions.observe(repo, payload);
    this.comments.observe(eventName, repo, payload);
    this.reviews.observe(repo, payload);
    this.checks.observe(repo, payload);
    this.releases.observe(repo, payload);
    this.runs.observe(repo, payload);
    if (eventName === "push") this.git.observePush(repo, payload);
    if ((eventName === "create" || eventName === "delete") && typeof payload.ref === "string")
      this.observeRefEvent(eventName, repo, payload);
  }

  /** The kind of thread a number is in the repository, undefined when it is none. */
  threadKind(repo: string, number: number): PermissionContext["subject"] {
    const key = threadKey(repo, number);
    if (this.pulls.items.has(key)) return "pull_request";
    if (this.issues.items.has(key)) return "issue";
    if (this.discussions.hasNumber(repo, number)) return "discussion";
    return undefined;
  }

  /** The next number of the repository's one issue/PR/discussion sequence. */
  nextNumber(repo: string): number {
    let max = 0;
    for (const key of [...this.pulls.items.keys(), ...this.issues.items.keys()]) {
      if (key.startsWith(`${repo}#`)) max = Math.max(max, Number(key.slice(repo.length + 1)));
    }
    for (const discussion of this.discussions.byNodeId.values()) if (discussion.repo === repo) max = Math.max(max, discussion.number);
    return max + 1;
  }

  /**
   * A commit on the default branch: from now on it holds `files` (null deletes one; an
   * `owner/name:path` key is another repository's), and the branch moves to a new commit whose
   * parent is the old tip. Answers the new tip of the world's repository.
   */
  commitFiles(files: Record<string, string | null>): string {
    const byRepo = new Map<string, string[]>();
    for (const [key, content] of Object.entries(files)) {
      const match = /^([^/:]+\/[^/:]+):(.+)$/.exec(key);
      const repo = match ? (match[1] as string) : this.repositories.main;
      const path = match ? (match[2] as string) : key;
      const fileKey = this.repositories.fileKey(repo, path);
      if (content === null) delete this.world.files[fileKey];
      else this.world.files[fileKey] = content;
      this.repositories.add(repo);
      byRepo.set(repo, [...(byRepo.get(repo) ?? []), path]);
    }
    let tip = this.git.tip(this.repositories.main, `heads/${this.world.default_branch}`) as string;
    for (const [repo, paths] of byRepo) {
      const branch = repo === this.repositories.main ? this.world.default_branch : "main";
      const sha = this.git.commitOnBranch(repo, branch, paths, `${this.now()}:${JSON.stringify(files)}`);
      this.git.snapshot(sha, this.repositories.files(repo));
      if (repo === this.repositories.main) tip = sha;
    }
    return tip;
  }

  private observeRefEvent(eventName: string, repo: string, payload: JsonObject): void {
    const kind = payload.ref_type === "tag" ? "tags" : payload.ref_type === "branch" ? "heads" : undefined;
    if (kind === undefined) return;
    const ref = `${kind}/${String(payload.ref).replace(/^refs\/(heads|tags)\//, "")}`;
    if (eventName === "delete") {
      this.git.refs.delete(`${repo}:${ref}`);
      return;
    }
    // A `create` payload carries no sha: the new ref starts where the default branch is, as far as the stand-in knows.
    if (this.git.tip(repo, ref) === undefined) {
      const tip = this.git.tip(repo, `heads/${this.world.default_branch}`);
      if (tip !== undefined) this.git.refs.set(`${repo}:${ref}`, tip);
    }
  }
}
