/**
 * The one source of truth for `.github/agent-guardrails.yml` (docs/configuration.md).
 * The published JSON Schema in `schema/` is generated from this file and a test fails when it is
 * stale. Every object is strict: an unknown key is an error, because a typo in a security policy
 * must not silently fall back to something looser.
 */
import { z } from "zod";
import { knownAgentSchema } from "../policy/tier/known-agents.js";

const commentPolicy = z
  .enum(["allow", "flag", "hide", "hold"])
  .describe(
    "allow: audited only; flag: label the thread agent:flagged; hide: minimize until a maintainer approves; hold: delete, keep the text in the audit log, re-post on approval",
  );

/** The permission table: what happens to each kind of agent action. */
export const policySchema = z
  .strictObject({
    pull_request: z
      .enum(["allow", "draft", "close"])
      .describe(
        "Agent pull requests: allow (logged, still gated by the check), draft (converted to draft, again when marked ready), close",
      ),
    merge: z
      .enum(["require_approval", "deny"])
      .describe(
        'Merging agent pull requests: require_approval (check run "agent-guardrails" stays action_required until a maintainer approves) or deny (never passes)',
      ),
    push_default_branch: z
      .enum(["allow", "revert"])
      .describe("A direct push or merge by an agent to the default branch: allow (audited) or revert"),
    comment: commentPolicy.describe("Agent comments on issues and pull requests. " + commentPolicy.description),
    external_comment: commentPolicy.describe(
      "Agent comments on threads opened by people outside the organisation, or mentioning them. " + commentPolicy.description,
    ),
    issue: z.enum(["allow", "flag", "close"]).describe("Issues opened by agents: allow, flag (label agent:flagged) or close"),
    release: z
      .enum(["allow", "draft"])
      .describe("Releases an agent publishes: allow (audited) or draft (turned back into a draft until a maintainer publishes it by hand)"),
  })
  .describe("The permission table per agent action type");

/** A complete permission table. */
export type Policy = z.infer<typeof policySchema>;
/** One row of the permission table (`comment`, `merge`, …). */
export type PolicyKey = keyof Policy;

/** The hourly limits one agent may have of its own (`/guardrails promote @agent limits.comments_per_hour=40`). */
export const agentLimitsSchema = z
  .strictObject({
    actions_per_hour: z.number().int().positive().optional().describe("All write actions of this agent, org-wide"),
    comments_per_hour: z.number().int().positive().optional().describe("Comments of this agent, org-wide"),
    pull_requests_per_hour: z.number().int().positive().optional().describe("Pull requests opened by this agent, org-wide"),
    repos_per_hour: z.number().int().positive().optional().describe("Distinct repositories this agent may touch per hour"),
  })
  .describe("Per-agent hourly limits");

/**
 * One condition of an `agents[].when` list: the account is an agent on an action whose evidence
 * matches (every field given must match; any item of the list will do).
 */
export const agentWhenSchema = z
  .strictObject({
    branch: z
      .string()
      .min(1)
      .optional()
      .describe("A glob over the branch the action is about (a push's ref, a pull request's head): \"codex/*\""),
    agent: z.string().min(1).optional().describe('Evidence of this known agent (its name in the data file, e.g. "OpenAI Codex")'),
    signal: z.enum(["author", "app", "trailer", "marker", "branch"]).optional().describe("Evidence of this kind (docs/agents.md)"),
  })
  .refine((w) => w.branch !== undefined || w.agent !== undefined || w.signal !== undefined, {
    message: "a when condition needs a branch, an agent or a signal",
  })
  .describe("Evidence that makes a person's account an agent on one action");

/** One `when:` condition as validated. */
export type AgentWhen = z.infer<typeof agentWhenSchema>;

/** An `agents:` entry: a login, a glob over logins, a numeric account id, or an object with overrides. */
export const agentEntrySchema = z.union([
  z.string().min(1).describe('A login ("Copilot") or a glob over logins ("*-agent[bot]")'),
  z.number().int().positive().describe("A numeric GitHub account id"),
  z
    .strictObject({
      login: z.string().min(1).optional().describe("Login or glob"),
      id: z.number().int().positive().optional().describe("Numeric GitHub account id"),
      owner: z.string().min(1).optional().describe("The accountable human for this agent (overrides the top-level owner)"),
      policy: policySchema.partial().optional().describe("Per-agent policy overrides (more or less autonomy than the table)"),
      limits: agentLimitsSchema
        .optional()
        .describe("Per-agent hourly limits instead of the top-level ones (more or less room than the others)"),

      when: z
        .array(agentWhenSchema)
        .min(1)
        .optional()
        .describe("Only on actions with this evidence (a person's account whose agent acts): the same person is human when typing"),
    })
    .refine((e) => e.login !== undefined || e.id !== undefined, { message: "an agent entry needs a login or an id" })
    .describe("An agent with its own settings"),
]);

/** One `agents:` entry as validated. */
export type AgentEntry = z.infer<typeof agentEntrySchema>;

/** What one tier gets, per action type (docs/agents.md "Tiers"). */
const tierPolicySchema = z.strictObject({
  pull_request: z
    .enum(["allow", "label", "flag", "gate"])
    .describe(
      "Pull requests: allow (audited), label (agent:<tier>), flag (agent:flagged), gate (like an agent's: draft and the required check until a maintainer approves)",
    ),
  comment: z
    .enum(["allow", "label", "flag", "hide"])
    .describe(
      "Comments: allow (audited), label (the thread agent:<tier>), flag (the thread agent:flagged), hide (minimized until a maintainer approves)",
    ),
  issue: z.enum(["allow", "label", "flag"]).describe("Issues opened: allow (audited), label (agent:<tier>), flag (agent:flagged)"),
});

/** One tier's table. */
export type TierPolicy = z.infer<typeof tierPolicySchema>;

const duration = z
  .string()
  .regex(/^\d+[smhd]$/, 'a duration like "30m", "1h" or "2d"')
  .describe('A duration: a number followed by s, m, h or d ("1h")');

/**
 * The settings themselves (everything but `_extends` and `locked`), kept apart so that the list
 * of lockable key paths is derived from them: a key added here is lockable without a second edit.
 */
const settingsShape = {
  mode: z
    .enum(["enforce", "observe"])
    .describe("enforce: act; observe: audit what would be done and act on nothing (a rollout mode; lock it in the org file)"),
  owner: z.string().describe('The accountable human (login or "org/team"): receives incidents and digests'),
  agents: z
    .array(agentEntrySchema)
    .describe(
      "Who is an agent: logins, glob patterns, numeric ids, or objects with per-agent overrides. Lists from the org, _extends and repository files are unioned: a repository file can add agents, never remove one",
    ),
  approvers: z
    .enum(["triage", "write", "maintain", "admin"])
    .describe("Minimum repository role for /guardrails commands (bots and agents are never approvers)"),
  policy: policySchema,
  scope: z
    .strictObject({
      paths: z
        .array(z.string())
        .describe("Globs of what an agent may change; changing anything else is a scope trip (breaker.trip_on: scope)"),
      protected: z.array(z.string()).describe("Globs whose change by an agent is a protected trip (breaker.trip_on: protected)"),
    })
    .describe("Where an agent may write"),
  limits: z
    .strictObject({
      actions_per_hour: z.number().int().positive().describe("All write actions of one agent, org-wide"),
      comments_per_hour: z.number().int().positive().describe("Comments of one agent, org-wide"),
      pull_requests_per_hour: z.number().int().positive().describe("Pull requests opened by one agent, org-wide"),
      burst: z
        .strictObject({
          actions: z.number().int().positive().describe("Actions allowed inside the window"),
          seconds: z.number().int().positive().describe("The window, in seconds"),
        })
        .describe("Short-window burst limit"),
      repos_per_hour: z.number().int().positive().describe("Distinct repositories one agent may touch per hour (blast radius)"),
      loop: z
        .strictObject({
          replies: z
            .number()
            .int()
            .positive()
            .describe("Replies in one thread between an agent and a bot or agent (itself included) that trip the breaker"),
          seconds: z.number().int().positive().describe("The window, in seconds"),
        })
        .describe(
          "Loop breaker: an agent and a bot (or two agents, or an agent and itself) answering each other in one thread (breaker.trip_on: loop)",
        ),
      per_repo: z
        .strictObject({
          actions_per_hour: z.number().int().positive().optional().describe("Write actions of one agent in this repository"),
          comments_per_hour: z.number().int().positive().optional().describe("Comments of one agent in this repository"),
          pull_requests_per_hour: z.number().int().positive().optional().describe("Pull requests opened by one agent in this repository"),
        })
        .optional()
        .describe(
          "Optional per-repository limits beside the org-wide ones: going over one trips the agent's breaker for this repository only (breaker.trip_on: rate)",
        ),
    })
    .describe("Per-agent rate limits; exceeding one trips the breaker when its condition is in breaker.trip_on"),
  breaker: z
    .strictObject({
      trip_on: z
        .array(z.enum(["rate", "burst", "scope", "protected", "blast_radius", "merge", "push_default_branch", "loop", "tamper"]))
        .describe(
          "Observable conditions that trip the circuit breaker: rate and burst limits, changes outside scope.paths, changes to scope.protected, too many repositories, an agent merging, an agent pushing to the default branch, a reply loop (limits.loop), tampering (an agent weakening a human's review: dismissing it, approving, enabling auto-merge, requesting its own review, removing a required label; or editing text a human wrote)",
        ),
      contain: z
        .array(
          z.enum([
            "draft_prs",
            "close_prs",
            "hide_comments",
            "close_issues",
            "revert_pushes",
            "revert_merges",
            "unassign",
            "reopen_closed",
            "restore_labels",
            "restore_text",
            "delete_refs",
            "restore_branches",
            "disable_auto_merge",
            "cancel_workflows",
            "draft_releases",
          ]),
        )
        .describe(
          "What containment does after a trip, over breaker.lookback: draft or close the agent's PRs, hide its comments, close the issues it opened, revert its pushes to default branches and its merges, unassign it from issues; reopen what it closed, restore labels it added or removed and text it edited, delete the branches and tags it created, restore the branches it deleted, disable auto-merge it enabled, cancel workflow runs it started (needs actions: write), put its releases back to draft",
        ),
      cut_off: z
        .array(z.enum(["remove_collaborator", "block_user"]))
        .describe(
          "Opt-in: stop the source for real on a trip by removing a user-account agent's repository access (needs administration: write) or blocking it org-wide (needs organization_user_blocking: write); restored on resume. Empty: the incident says what a human must do",
        ),
      lookback: duration.describe("How far back containment reaches"),
    })
    .describe("Circuit breaker"),
  digest: z.enum(["weekly", "daily", "off"]).describe("How often the owner gets a digest"),
  tiers: z
    .strictObject({
      suspected: tierPolicySchema.describe(
        "Strong evidence of an agent on a person's account (an agent's commits, an agent App's stamp, a marker or trailer on an agent's branch)",
      ),
      assisted: tierPolicySchema.describe(
        "Weak evidence alone (an assistant's trailer on a person's commit, a marker, a branch name): the person stays accountable",
      ),
      alert: z
        .boolean()
        .describe("One issue to the owner per suspected account and day, naming the person whose token was used and the evidence"),
      known_agents: z
        .array(knownAgentSchema)
        .describe("Evidence of more agents, beside the built-in list (src/policy/tier/known-agents.ts)"),
    })
    .describe("Agents on a person's account, recognised by the evidence they leave (docs/agents.md)"),
};

/** Every dotted key path of an object schema, parents before children (`policy`, `policy.merge`, …). */
function keyPaths(shape: Record<string, z.ZodType>, prefix = ""): string[] {
  return Object.entries(shape).flatMap(([key, schema]) => {
    const path = prefix + key;
    return schema instanceof z.ZodObject ? [path, ...keyPaths(schema.shape as Record<string, z.ZodType>, path + ".")] : [path];
  });
}

/**
 * The key paths an org file may lock. An enum rather than a free string: a typo in `locked`
 * would otherwise lock nothing, silently.
 */
export const lockablePaths = keyPaths(settingsShape) as [string, ...string[]];

/**
 * A configuration: the settings plus the two keys that steer how files combine (`_extends`,
 * `locked`). As a whole, this is what mergeConfig returns: every setting present.
 */
export const configSchema = z
  .strictObject({
    _extends: z
      .string()
      .regex(/^([A-Za-z0-9-]+\/)?[A-Za-z0-9._-]+$/, 'a repository: "repo" or "owner/repo" (same owner)')
      .optional()
      .describe(
        'Probot-style inheritance: another repository of the same owner ("repo" or "owner/repo") whose .github/agent-guardrails.yml this file builds on (one level). The org file of the .github repository applies anyway',
      ),
    locked: z
      .array(z.enum(lockablePaths))
      .optional()
      .describe(
        "Org file only (ignored elsewhere): key paths (mode, policy.merge, limits) whose value comes from the org file, or the strict defaults when it does not set them, whatever a repository file says. Locking policy or policy.<key> also voids per-agent overrides of that key",
      ),
    ...settingsShape,
  })
  .describe("agent-guardrails configuration (.github/agent-guardrails.yml)");

/** A complete, validated configuration: every key present. */
export type GuardrailsConfig = z.infer<typeof configSchema>;

/**
 * What a config *file* may contain: every key optional (missing keys come from the org file or
 * the strict defaults), nested objects partial too, unknown keys still errors.
 */
export const configFileSchema = configSchema.partial().extend({
  policy: policySchema.partial().optional(),
  scope: configSchema.shape.scope.partial().optional(),
  limits: configSchema.shape.limits
    .partial()
    .extend({
      burst: configSchema.shape.limits.shape.burst.partial().optional(),
      loop: configSchema.shape.limits.shape.loop.partial().optional(),
    })
    .optional(),
  breaker: configSchema.shape.breaker.partial().optional(),
  tiers: configSchema.shape.tiers
    .partial()
    .extend({
      suspected: tierPolicySchema.partial().optional(),
      assisted: tierPolicySchema.partial().optional(),
    })
    .optional(),
});

export type GuardrailsConfigFile = z.infer<typeof configFileSchema>;
