import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { loadConfig } from "../config/load-config.js";
import type { GuardrailsConfig } from "../config/schema.js";
import type { GitHubAdapter } from "../github/github-adapter.js";
import { createOctokitAdapter, type OctokitLike } from "../github/octokit-adapter.js";
import { summarizeAgents, type AgentSummary } from "../owner/agent-summary.js";
import { EVIDENCE_WINDOW_MS } from "../owner/recommend-changes.js";
import { digestTitle, renderDigest } from "../owner/render-digest.js";
import type { RepoRef } from "../policy/agent-action.js";
import { accountTiers } from "../policy/tier/account-tier.js";
import { findAgentEntry } from "../policy/find-agent-entry.js";
import type { AuditRow, BreakerRow, Store } from "../store/store.js";
import { duePeriods, type DigestPeriod } from "./digest-periods.js";

/** What the digest job needs: the store (leases, audit, config cache), the clock, and GitHub as the App and as an installation. */
export interface DigestJobDeps {
  store: Store;
  clock: () => Date;
  log(): Logger;
  appLogin(): Promise<string>;
  /** The installation of this app on a repository (GET /repos/{o}/{r}/installation as the App), null when it is not installed there. */
  installationOf(repo: RepoRef): Promise<number | null>;
  /** An installation Octokit (retries off: this job never re-sends a write blindly). */
  octokit(installationId: number): Promise<OctokitLike>;
}

/** One digest posted (or found already posted) by a run. */
export interface PostedDigest {
  period: string;
  scope: string;
  repo: string;
  number: number;
  created: boolean;
  agents: number;
}

/**
 * How long a run holds a period (and a digest being written): long enough for one run, short
 * enough that a replica that died in the middle is taken over within the hour's retry.
 */
const RUN_LEASE_MS = 10 * 60_000;

/** A period done is kept leased this long after it ended: no replica looks at it again (it is due only until the next boundary anyway). */
const DONE_KEEP_MS = 8 * 24 * 3600_000;

/** At most this many audit rows are read per org and period (newest first): a bound on a run's memory. */
const MAX_ROWS = 10_000;

/**
 * The digest job of one process (docs/digest.md). Each run posts the due digests: for every
 * period due (`duePeriods`), every org with agent activity in it, every owner named by the
 * config of the repositories the activity was in (`owner`, or an agent entry's own `owner`; no
 * owner: the org), one issue. Once per cluster: a run takes the period's lease in the store,
 * and each digest its own (installation, owner, period) lease; the issue is found by its marker
 * before it is created, so a lost answer or a second replica never makes two. A period is marked
 * done only when every digest of it was posted; otherwise the next run (the timer's hourly
 * retry, or a `tick` in simulate) tries again, through the marker.
 */
export function createDigestJob(deps: DigestJobDeps): { run(): Promise<PostedDigest[]> } {
  const holder = randomUUID();
  const done = new Set<string>();
  // One run at a time in a process: its leases are this process's own, so two runs of it at once
  // would both hold them. A run asked for meanwhile follows the one in flight.
  let last: Promise<unknown> = Promise.resolve();
  return {
    run() {
      const next = last.then(runOnce, runOnce);
      last = next;
      return next;
    },
  };

  async function runOnce(): Promise<PostedDigest[]> {
    const now = deps.clock();
    const posted: PostedDigest[] = [];
    for (const period of duePeriods(["weekly", "daily"], now)) {
      const key = `digest:${period.kind}:${period.id}`;
      if (done.has(key) || !(await deps.store.takeLease(key, holder, now, new Date(now.getTime() + RUN_LEASE_MS)))) continue;
      const log = deps.log().child({ job: "digest", period: period.id });
      try {
        const outcome = await digestPeriod(deps, holder, period, now, log);
        posted.push(...outcome.posted);
        if (outcome.complete) {
          await deps.store.takeLease(key, holder, now, new Date(period.to.getTime() + DONE_KEEP_MS));
          done.add(key);
        }
      } catch (error) {
        log.error({ err: error instanceof Error ? error.message : String(error) }, "digest run failed: retried at the next run");
      }
    }
    return posted;
  }
}

/** One owner's digest: the repositories whose config names them (for this kind of period) and the agents acting there. */
interface OwnerGroup {
  scope: string;
  /** A user login (assigned the issue), or null for a team or the org. */
  assignee: string | null;
  repos: Set<string>;
  agents: Set<string>;
}

async function digestPeriod(
  deps: DigestJobDeps,
  holder: string,
  period: DigestPeriod,
  now: Date,
  log: Logger,
): Promise<{ posted: PostedDigest[]; complete: boolean }> {
  const { store } = deps;
  const since = new Date(Math.min(period.from.getTime(), period.to.getTime() - EVIDENCE_WINDOW_MS)).toISOString();
  const inPeriod = await store.listAudit({ since: period.from.toISOString(), until: period.to.toISOString(), limit: MAX_ROWS });
  const breakers = await store.breakers();
  // An agent halted before the period ended (and so quiet in it) is still the owner's business.
  const halted = breakers.filter((b) => b.state === "open" && b.trippedAt !== null && b.trippedAt < period.to.toISOString());
  const orgs = new Set([...inPeriod.filter((r) => r.actorKind === "agent").map((r) => r.org), ...halted.map((b) => b.org.split("/")[0]!)]);
  const posted: PostedDigest[] = [];
  let complete = true;
  for (const org of [...orgs].sort()) {
    const rows = await store.listAudit({ org, since, limit: MAX_ROWS });
    const orgBreakers = breakers.filter((b) => b.org.split("/")[0] === org);
    const repos = new Set([
      ...rows
        .filter((r) => r.actorKind === "agent" && r.at >= period.from.toISOString() && r.at < period.to.toISOString())
        .map((r) => r.repo),
      ...halted.filter((b) => b.org.split("/")[0] === org && b.repo).map((b) => b.repo!),
    ]);
    if (repos.size === 0) continue;
    const [first] = [...repos].sort();
    const [owner, name] = first!.split("/") as [string, string];
    const installationId = await deps.installationOf({ owner, repo: name });
    if (installationId === null) {
      log.warn({ org }, "digest skipped: the app is not installed there any more");
      continue;
    }
    const octokit = await deps.octokit(installationId);
    const github = createOctokitAdapter(octokit);
    const groups = new Map<string, OwnerGroup>();
    for (const full of [...repos].sort()) {
      const [o, r] = full.split("/") as [string, string];
      // Read as every delivery reads it: the default branch, org defaults and locks, the cache.
      const { config } = await loadConfig({ github, cache: store, now }, { owner: o, repo: r });
      if (config.digest !== period.kind) continue;
      const agents = new Set([
        ...rows.filter((row) => row.repo === full && row.actorKind === "agent").map((row) => row.actor),
        ...orgBreakers.filter((b) => b.repo === full).map((b) => b.agent),
      ]);
      for (const agent of agents) {
        const group = groupOf(groups, ownerOf(config, agent), org);
        group.repos.add(full);
        group.agents.add(agent.toLowerCase());
      }
    }
    // Asked once per org, and only when there is a digest to post.
    let orgRepo: Promise<boolean> | undefined;
    const orgRepoCovered = () => (orgRepo ??= deps.installationOf({ owner: org, repo: ".github" }).then((id) => id === installationId));
    for (const group of groups.values()) {
      try {
        const outcome = await postDigest(
          deps,
          holder,
          { period, now, org, installationId, github, group, rows, breakers: orgBreakers, orgRepoCovered },
          log,
        );
        if (outcome === "busy") complete = false;
        else if (outcome !== null) posted.push(outcome);
      } catch (error) {
        // Not sent again now: the next run looks for the marker first (a lost answer's issue is found).
        complete = false;
        log.error(
          { org, scope: group.scope, err: error instanceof Error ? error.message : String(error) },
          "digest not posted: retried at the next run",
        );
      }
    }
  }
  return { posted, complete };
}

/** The accountable human of an agent in one repository's config: its entry's `owner`, else the top-level one ("" when unset). */
function ownerOf(config: Pick<GuardrailsConfig, "agents" | "owner">, agent: string): string {
  const entry = findAgentEntry(config.agents, agent, 0);
  return (typeof entry === "object" ? entry.owner : undefined) ?? config.owner;
}

function groupOf(groups: Map<string, OwnerGroup>, owner: string, org: string): OwnerGroup {
  const scope = owner.trim() === "" ? org : owner.trim().replace(/^@/, "");
  let group = groups.get(scope.toLowerCase());
  if (!group)
    groups.set(
      scope.toLowerCase(),
      (group = { scope, assignee: owner.trim() !== "" && !scope.includes("/") ? scope : null, repos: new Set(), agents: new Set() }),
    );
  return group;
}

interface DigestTarget {
  period: DigestPeriod;
  now: Date;
  org: string;
  installationId: number;
  github: GitHubAdapter;
  group: OwnerGroup;
  rows: readonly AuditRow[];
  breakers: readonly BreakerRow[];
  /** Whether this installation covers the org's `.github` repository. */
  orgRepoCovered(): Promise<boolean>;
}

/**
 * Posts one owner's digest (or finds it posted). Null when there is nothing to report; "busy"
 * when another replica holds its lease (the period is then not done here: if that replica dies,
 * the next run takes over, through the marker).
 */
async function postDigest(deps: DigestJobDeps, holder: string, t: DigestTarget, log: Logger): Promise<PostedDigest | "busy" | null> {
  const { period, group, now } = t;
  const rows = t.rows.filter((r) => group.repos.has(r.repo));
  const breakers = t.breakers.filter((b) => b.agent === "*" || group.agents.has(b.agent.toLowerCase()));
  const summaries = summarizeAgents({ rows, breakers, from: period.from, to: period.to, now }).filter(
    (s) => (s.agent === "*" || group.agents.has(s.agent.toLowerCase())) && active(s),
  );
  if (summaries.length === 0) return null;

  const lease = `digest:${t.installationId}:${group.scope.toLowerCase()}:${period.id}`;
  if (!(await deps.store.takeLease(lease, holder, now, new Date(now.getTime() + RUN_LEASE_MS)))) return "busy";
  const appLogin = await deps.appLogin();
  const where = await digestRepo(t);
  const title = digestTitle(group.scope, period.id);
  // People's accounts that acted with an agent's evidence in the owner's repositories this period ("suspected agents by account").
  const accounts = accountTiers(rows.filter((r) => r.at >= period.from.toISOString() && r.at < period.to.toISOString()));
  const body = renderDigest({ scope: group.scope, periodId: period.id, from: period.from, to: period.to, now, summaries, accounts });
  const marker = {
    text: `<!-- agent-guardrails:digest ${JSON.stringify(safe(`${t.installationId}:${group.scope.toLowerCase()}:${period.id}`))} -->`,
    author: appLogin,
  };
  const issue = await t.github.ensureDigestIssue(where, {
    title,
    body,
    assignees: group.assignee ? [group.assignee] : [],
    marker,
    createdAfter: period.to,
  });
  await deps.store.takeLease(lease, holder, now, new Date(period.to.getTime() + DONE_KEEP_MS));
  const repo = `${where.owner}/${where.repo}`;
  await deps.store.appendAudit({
    at: now.toISOString(),
    deliveryId: null,
    org: t.org,
    repo,
    actor: appLogin,
    actorKind: "app",
    action: "digest.posted",
    targetNumber: issue.number,
    targetNodeId: null,
    targetUrl: issue.url,
    targetSha: null,
    verdict: issue.created ? "applied" : "found",
    reasons: [
      `${issue.created ? "posted" : "found already posted"} the ${period.kind} digest of ${group.scope} for ${period.id}: ${summaries.length} agent(s)`,
    ],
    effects: [],
    detail: {
      period: period.id,
      kind: period.kind,
      scope: group.scope,
      agents: summaries.map((s) => s.agent),
      repos: [...group.repos].sort(),
      ...(issue.assigned === false && group.assignee ? { notAssigned: group.assignee } : {}),
    },
  });
  log.info(
    { audit: true, repo, scope: group.scope, number: issue.number, created: issue.created, action: "digest.posted" },
    `digest ${period.id} for ${group.scope}: #${issue.number}`,
  );
  return { period: period.id, scope: group.scope, repo, number: issue.number, created: issue.created, agents: summaries.length };
}

/** Whether a summary has anything for the owner this period (a quiet agent with nothing waiting is left out). */
function active(s: AgentSummary): boolean {
  return s.actions.length > 0 || s.trips.length > 0 || s.waiting.length > 0 || s.approvals + s.rejections > 0;
}

/**
 * Where a digest goes: the org's `.github` repository when this installation covers it (the
 * place for org-wide matters, and where the org's config lives), else the first repository (by
 * name) whose config names the owner.
 */
async function digestRepo(t: DigestTarget): Promise<RepoRef> {
  if (await t.orgRepoCovered()) return { owner: t.org, repo: ".github" };
  const [owner, repo] = [...t.group.repos].sort()[0]!.split("/") as [string, string];
  return { owner, repo };
}

/** An HTML comment ends at the first `--`: a scope never gets to close it early. */
function safe(text: string): string {
  return text.replace(/-{2,}/g, "-").replace(/>/g, "›");
}
