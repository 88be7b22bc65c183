import { agentEntrySchema, type GuardrailsConfig } from "../../config/schema.js";
import type { ParsedCommand } from "../../commands/parse-commands.js";
import type { AgentAction } from "../agent-action.js";
import type { Decision } from "../decision.js";
import type { Effect } from "../effect.js";
import { effectiveLimits } from "../effective-limits.js";
import { effectivePolicy } from "../effective-policy.js";
import { findAgentEntry } from "../find-agent-entry.js";
import type { PolicyState } from "../policy-state.js";
import { replyTarget } from "../reply-target.js";
import { compareTrust, describeOrder, isLimitKey, isTrustKey, TRUST_KEYS, type TrustKey } from "../trust-order.js";

/** Where the per-agent override is proposed: the repository's config file on its default branch. */
export const CONFIG_PATH = ".github/agent-guardrails.yml";

/** Where the reply's link to the pull request goes; the executor puts the URL in once the PR exists. */
export const PULL_REQUEST_LINK = "{pull_request}";

/** One key and the value asked for. */
export interface TrustChange {
  key: TrustKey;
  value: string | number;
}

/** The config slice the trust commands read. */
type TrustConfig = Pick<GuardrailsConfig, "agents" | "policy" | "limits" | "locked" | "owner">;

/**
 * `/guardrails promote @agent key=value…` and `demote`: a human asks for a per-agent override.
 * Decided here, applied by nobody: the effect is a pull request against the config file that a
 * human must merge (the config is read from the default branch only). Refused, with the reason,
 * when a key is unknown or its value invalid for the schema, when the org locked it, or when the
 * change does not go the command's way (`promote` widens, `demote` tightens: policy/trust-order.ts).
 */
export function decideTrustChange(
  command: ParsedCommand & { name: "promote" | "demote" },
  action: AgentAction,
  config: TrustConfig,
  state: PolicyState,
): Decision {
  const verb = command.name;
  // The asker is an approver or the agent's owner (decideCommands checked): they get the reason in the thread.
  const refuse = (reason: string): Decision => ({
    verdict: "refused",
    reasons: [`${verb}: ${reason}`],
    effects:
      action.target.number === undefined
        ? []
        : [
            {
              kind: "create_comment",
              number: action.target.number,
              body: `@${action.actor.login}: \`/guardrails ${verb}\` was not done: ${reason}.`,
              ...replyTarget(action, state),
            },
          ],
  });
  const [first, ...pairs] = command.args;
  if (!first?.startsWith("@") || first.length < 2) return refuse(`name the agent: \`/guardrails ${verb} @agent key=value\``);
  const agent = first.slice(1);
  if (findAgentEntry(config.agents, agent, 0) === undefined) return refuse(`${agent} is not a listed agent (agents:)`);
  if (pairs.length === 0)
    return refuse(`name a key and its value: \`/guardrails ${verb} @${agent} comment=flag\` (keys: ${TRUST_KEYS.join(", ")})`);

  const changes: TrustChange[] = [];
  for (const pair of pairs) {
    const parsed = parsePair(pair);
    if (typeof parsed === "string") return refuse(parsed);
    if (changes.some((c) => c.key === parsed.key)) return refuse(`${parsed.key} is named twice`);
    changes.push(parsed);
  }

  const locked = lockedKey(changes, config.locked ?? []);
  if (locked !== undefined)
    return refuse(
      `${locked.key} is locked by the organization's config (locked: ${locked.by}): a repository file cannot change it, so no pull request was opened`,
    );

  const policy = effectivePolicy(config, agent, 0);
  const limits = effectiveLimits(config, agent, 0);
  const lines: string[] = [];
  for (const change of changes) {
    const current = isLimitKey(change.key) ? limits[change.key.slice("limits.".length) as keyof typeof limits] : policy[change.key];
    const order = compareTrust(change.key, current as string | number, change.value);
    if (order === undefined) return refuse(`${change.key}=${change.value} cannot be ranked against ${String(current)}`);
    const wanted = verb === "promote" ? 1 : -1;
    if (order !== wanted) {
      const same =
        order === 0
          ? `it is already ${String(current)}`
          : `${change.value} is ${order > 0 ? "looser" : "stricter"} than ${String(current)}`;
      return refuse(
        `${verb} must ${verb === "promote" ? "widen" : "tighten"} ${change.key} for ${agent}: ${same} (${describeOrder(change.key)})${order !== 0 ? `; use /guardrails ${verb === "promote" ? "demote" : "promote"}` : ""}`,
      );
    }
    lines.push(`\`${change.key}\`: ${String(current)} → **${change.value}**`);
  }

  const requester = action.actor.login;
  const repo = `${action.repo.owner}/${action.repo.repo}`;
  const request = action.target.commentId ?? action.deliveryId;
  const summary = changes.map((c) => `${c.key}=${c.value}`).join(", ");
  const evidence = state.trust?.agent.toLowerCase() === agent.toLowerCase() ? state.trust.evidence : [];
  const body = [
    `@${requester} asked to ${verb} \`${agent}\` in ${repo}${action.target.url ? ` (${action.target.url})` : ""}:`,
    "",
    ...lines.map((l) => `- ${l}`),
    "",
    `This pull request adds or changes the \`agents:\` entry of \`${agent}\` in \`${CONFIG_PATH}\`. **Nothing changes until a human merges it**: agent-guardrails reads its config from the default branch only.`,
    "",
    `### Evidence from the audit log${state.trust ? ` (${state.trust.window})` : ""}`,
    "",
    ...(evidence.length ? evidence.map((e) => `- ${e}`) : ["- No recorded activity of this agent in the window."]),
  ].join("\n");
  const reply: Extract<Effect, { kind: "create_comment" }> = {
    kind: "create_comment",
    number: action.target.number!,
    body: `@${requester}: the ${verb === "promote" ? "promotion" : "demotion"} of \`${agent}\` (${summary}) is proposed in ${PULL_REQUEST_LINK}. Nothing changes until a human merges it.`,
    ...replyTarget(action, state),
  };
  return {
    verdict: "command",
    reasons: [`${requester} asked to ${verb} ${agent}: ${summary}; a pull request against ${CONFIG_PATH} proposes it`],
    effects: [
      {
        kind: "open_config_pull_request",
        path: CONFIG_PATH,
        agent,
        changes,
        branch: `agent-guardrails/${verb}-${slug(agent)}-${slug(String(request))}`,
        title: `agent-guardrails: ${verb} ${agent} (${summary})`,
        body,
        message: `agent-guardrails: ${verb} ${agent} (${summary})\n\nRequested by @${requester}.`,
        reply,
      },
    ],
  };
}

/** `key=value`, the value checked against the config schema for an agent entry. */
function parsePair(pair: string): TrustChange | string {
  const eq = pair.indexOf("=");
  if (eq <= 0) return `"${pair}" is not key=value`;
  const key = pair.slice(0, eq).trim();
  const raw = pair.slice(eq + 1).trim();
  if (!isTrustKey(key)) return `${key} is not a key an agent's entry may change (keys: ${TRUST_KEYS.join(", ")})`;
  const value: string | number = isLimitKey(key) && /^\d+$/.test(raw) ? Number(raw) : raw;
  const entry = isLimitKey(key)
    ? { login: "x", limits: { [key.slice("limits.".length)]: value } }
    : { login: "x", policy: { [key]: value } };
  const checked = agentEntrySchema.safeParse(entry);
  if (!checked.success) return `${key}=${raw} is not a valid value (${describeOrder(key)})`;
  return { key, value };
}

/** The first change the org's `locked` list covers, and the entry that covers it. */
function lockedKey(changes: readonly TrustChange[], locked: readonly string[]): { key: string; by: string } | undefined {
  for (const change of changes) {
    const path = isLimitKey(change.key) ? change.key : `policy.${change.key}`;
    const by = locked.find((p) => p === path || path.startsWith(p + ".") || p === "agents");
    if (by !== undefined) return { key: change.key, by };
  }
  return undefined;
}

/** A piece of a branch name: git refuses `[`, `]`, spaces and more (git check-ref-format). */
function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "") || "x"
  );
}
