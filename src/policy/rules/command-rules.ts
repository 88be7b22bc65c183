import type { GuardrailsConfig } from "../../config/schema.js";
import type { IgnoredWhy, ParsedCommand } from "../../commands/parse-commands.js";
import type { AgentAction } from "../agent-action.js";
import type { Decision } from "../decision.js";
import { LABELS, type Effect } from "../effect.js";
import type { PolicyState } from "../policy-state.js";
import { effectivePolicy } from "../effective-policy.js";
import { decideDrill, decideHalt, decideResume, decideStatus } from "./breaker-commands.js";
import { commentUrlIds } from "../../commands/comment-url-ids.js";
import { discussionUrlNumbers } from "../../commands/discussion-url-numbers.js";
import type { HeldComment } from "../held-comment.js";
import { repostBody } from "../neutralize-text.js";
import { roleAtLeast } from "../repo-role.js";
import { checkRun } from "./pull-request-rules.js";
import { decideTrustChange } from "./trust-commands.js";
import { findAgentEntry } from "../find-agent-entry.js";

/** The config slice commands read. */
type CommandConfig = Pick<GuardrailsConfig, "approvers" | "agents" | "policy" | "locked" | "limits" | "mode" | "breaker" | "owner">;

function isTrustCommand(command: ParsedCommand): command is ParsedCommand & { name: "promote" | "demote" } {
  return command.name === "promote" || command.name === "demote";
}

/**
 * Whether `login` is the accountable owner of the agent the command names: its entry's `owner`,
 * else the top-level `owner`. A team (`org/team`) owner is not resolved here (that needs the API):
 * its members act through their repository role.
 */
function ownsAgent(login: string, command: ParsedCommand, config: Pick<GuardrailsConfig, "agents" | "owner">): boolean {
  const named = command.args[0]?.startsWith("@") ? command.args[0].slice(1) : undefined;
  if (named === undefined) return false;
  const entry = findAgentEntry(config.agents, named, 0);
  if (entry === undefined) return false;
  const owner = (typeof entry === "object" ? entry.owner : undefined) ?? config.owner;
  return owner !== "" && !owner.includes("/") && owner.replace(/^@/, "").toLowerCase() === login.toLowerCase();
}

/**
 * Decides the `/guardrails` commands of a comment or review. A command is honoured only from a
 * human (never a bot, an agent or this app), written by that human (an edit by someone else is
 * a forgery), whose repository role meets `approvers`; every refusal is audited with its reason.
 */
export function decideCommands(action: AgentAction, config: CommandConfig, state: PolicyState): Decision {
  const parsed = action.commands!;
  const { actor, target } = action;
  const refusedLines = parsed.ignored.map((i) => `ignored "${i.line}": ${describeWhy(i.why)}`);
  if (parsed.commands.length === 0) return { verdict: "refused", reasons: refusedLines, effects: [] };

  const refuse = (reason: string): Decision => ({ verdict: "refused", reasons: [reason, ...refusedLines], effects: [] });
  if (actor.kind !== "human") return refuse(`commands from ${actor.kind === "agent" ? "agents" : "bots"} are ignored (${actor.login})`);
  // An agent writing with a person's token (its App's stamp, its commits) is no approver either.
  if (action.tier === "suspected") return refuse(`commands written with evidence of an agent are ignored (${actor.login}: tier suspected)`);
  if (target.commentAuthor && target.commentAuthor.login.toLowerCase() !== actor.login.toLowerCase()) {
    return refuse(`${actor.login} edited a comment written by ${target.commentAuthor.login}: commands in it are ignored`);
  }
  const role = state.commanderRole ?? "none";
  const approver = roleAtLeast(role, config.approvers);
  // The agent's owner may ask for its promotion or demotion whatever their role: a human still merges it.
  const allowed = approver ? parsed.commands : parsed.commands.filter((c) => isTrustCommand(c) && ownsAgent(actor.login, c, config));
  if (allowed.length === 0) {
    return refuse(`${actor.login} has role "${role}", below approvers: ${config.approvers}`);
  }
  const belowRole = parsed.commands
    .filter((c) => !allowed.includes(c))
    .map((c) => `"${c.line}": ${actor.login} has role "${role}", below approvers: ${config.approvers}`);

  const decisions = allowed.map((command) => decideCommand(command, action, config, state));
  return {
    verdict: decisions.some((d) => d.verdict === "command") ? "command" : "refused",
    reasons: [...decisions.flatMap((d) => d.reasons), ...belowRole, ...refusedLines],
    effects: decisions.flatMap((d) => d.effects),
    approval: decisions.find((d) => d.approval)?.approval,
    resolutions: decisions.flatMap((d) => d.resolutions ?? []),
    trip: decisions.find((d) => d.trip)?.trip,
    resume: decisions.find((d) => d.resume)?.resume,
  };
}

function decideCommand(command: ParsedCommand, action: AgentAction, config: CommandConfig, state: PolicyState): Decision {
  switch (command.name) {
    case "approve":
      return decideApprove(command, action, config, state);
    case "reject":
      return decideReject(command, action, state);
    case "halt":
      return decideHalt(command, action);
    case "resume":
      return decideResume(command, action);
    case "status":
      return decideStatus(command, action, config, state);
    case "drill":
      return decideDrill(action, config, state);
    case "promote":
    case "demote":
      return decideTrustChange({ ...command, name: command.name }, action, config, state);
    case "unknown":
      return { verdict: "refused", reasons: [`"${command.line}": not a command this version understands`], effects: [] };
    default: {
      const never: never = command.name;
      return never;
    }
  }
}

/**
 * `/guardrails approve`: with comment URLs, those pending agent comments; without, this PR (its
 * current head sha only) and every pending agent comment of this thread.
 */
function decideApprove(
  command: ParsedCommand,
  action: AgentAction,
  config: Pick<GuardrailsConfig, "agents" | "policy" | "locked">,
  state: PolicyState,
): Decision {
  const approver = action.actor.login;
  const named = namedHeld(command.args, state);
  const comments = selectPending(named, action, state);
  const commentPart: Decision = {
    verdict: "command",
    reasons: comments.map(
      (c) =>
        `${approver} approved ${c.author}'s ${c.mode === "hold" ? "held" : "hidden"} ${c.placement?.discussion ? "discussion" : "comment"} ${c.url || c.commentId}`,
    ),
    effects: comments.map((c): Effect =>
      c.mode === "hide"
        ? { kind: "unminimize_comment", nodeId: c.nodeId }
        : c.placement?.discussion
          ? {
              kind: "create_discussion",
              ...c.placement.discussion,
              body: repostBody(c.author, approver, c.body, c.url),
              repostOf: c.commentId,
            }
          : {
              kind: "create_comment",
              number: c.number,
              body: repostBody(c.author, approver, c.body, c.url),
              ...repostWhere(c),
              repostOf: c.commentId,
            },
    ),
    resolutions: comments.map((c) => ({ commentId: c.commentId, status: "approved" as const, resolver: approver })),
  };
  if (named.length > 0 && namedSha(command.args) === undefined) {
    return comments.length
      ? commentPart
      : { verdict: "refused", reasons: [`no pending agent comment at ${command.args.join(" ")}`], effects: [] };
  }
  const prPart = decideApprovePullRequest(action, config, state, namedSha(command.args));
  if (comments.length === 0) return prPart;
  if (prPart.effects.length === 0) return commentPart;
  return {
    ...prPart,
    reasons: [...prPart.reasons, ...commentPart.reasons],
    effects: [...prPart.effects, ...commentPart.effects],
    resolutions: commentPart.resolutions,
  };
}

/** `/guardrails reject [url…]`: pending agent comments removed for good; their text stays in the audit log. */
function decideReject(command: ParsedCommand, action: AgentAction, state: PolicyState): Decision {
  const named = namedHeld(command.args, state);
  const comments = selectPending(named, action, state);
  if (comments.length === 0) return { verdict: "refused", reasons: ["reject: no pending agent comment here"], effects: [] };
  const resolver = action.actor.login;
  return {
    verdict: "command",
    reasons: comments.map((c) => `${resolver} rejected ${c.author}'s comment ${c.url || c.commentId}: removed, text kept in the audit log`),
    effects: comments
      .filter((c) => c.mode === "hide")
      .map((c): Effect => ({ kind: "delete_comment", surface: c.surface, commentId: c.commentId, nodeId: c.nodeId })),
    resolutions: comments.map((c) => ({ commentId: c.commentId, status: "rejected" as const, resolver })),
  };
}

/** Pending comments the command is about: those named by URL, else those of this thread. */
function selectPending(named: readonly number[], action: AgentAction, state: PolicyState): HeldComment[] {
  const pending = (state.pendingComments ?? []).filter((c) => c.status === "pending");
  return named.length > 0 ? pending.filter((c) => named.includes(c.commentId)) : pending.filter((c) => c.number === action.target.number);
}

/**
 * Held records a command names by URL: comment anchors, and discussion URLs
 * (`…/discussions/N` without a comment anchor) for a held discussion, which has no thread left
 * to comment in. A held discussion is named by its held record's id.
 */
function namedHeld(args: readonly string[], state: PolicyState): number[] {
  const discussions = discussionUrlNumbers(args);
  const heldDiscussions = (state.pendingComments ?? [])
    .filter((c) => c.placement?.discussion && discussions.includes(c.number))
    .map((c) => c.commentId);
  return [...commentUrlIds(args), ...heldDiscussions];
}

/** A head sha the command names (`/guardrails approve 1a2b3c4`): a 7–40 hex prefix, lower case. */
export function namedSha(args: readonly string[]): string | undefined {
  const arg = args.find((a) => /^[0-9a-f]{7,40}$/i.test(a));
  return arg?.toLowerCase();
}

/**
 * Approving the PR itself: the check passes for the head the approver saw only — the sha the
 * command names, else the head the app recorded when the comment was written. A push landing
 * between the comment and its processing is not approved (bypass: the head read at processing
 * time was approved).
 */
function decideApprovePullRequest(
  action: AgentAction,
  config: Pick<GuardrailsConfig, "agents" | "policy" | "locked">,
  state: PolicyState,
  sha?: string,
): Decision {
  const pr = state.pullRequest;
  if (!action.target.isPullRequest || pr === undefined) {
    return { verdict: "command", reasons: [`${action.actor.login} approved; nothing is pending in this thread`], effects: [] };
  }
  if (pr.authorKind !== "agent" && pr.agentCommitsBy === undefined) {
    return { verdict: "command", reasons: [`#${pr.number} is not an agent pull request: nothing to approve`], effects: [] };
  }
  const [agentLogin, agentId] = pr.authorKind === "agent" ? [pr.authorLogin, pr.authorId] : [pr.agentCommitsBy!, 0];
  const policy = effectivePolicy(config, agentLogin, agentId);
  if (policy.merge === "deny") {
    return {
      verdict: "refused",
      reasons: [`#${pr.number}: policy.merge is deny for ${agentLogin}: approval cannot pass the check`],
      effects: [],
    };
  }
  const head = pr.headSha.toLowerCase();
  if (sha !== undefined && !head.startsWith(sha)) {
    return {
      verdict: "refused",
      reasons: [`#${pr.number}: the head is ${pr.headSha.slice(0, 7)}, not ${sha}: approve again`],
      effects: [],
    };
  }
  if (sha === undefined && pr.headAtCommand !== undefined && pr.headAtCommand?.toLowerCase() !== head) {
    return {
      verdict: "refused",
      reasons: [
        `#${pr.number}: the head moved to ${pr.headSha.slice(0, 7)} after you commented: approve again (or /guardrails approve ${pr.headSha.slice(0, 7)})`,
      ],
      effects: [],
    };
  }
  const approver = action.actor.login;
  const effects: Effect[] = [
    checkRun(
      action,
      "success",
      `Approved by @${approver}`,
      `@${approver} approved head ${pr.headSha.slice(0, 7)} with /guardrails approve.`,
      pr.headSha,
      pr.number,
    ),
    { kind: "remove_label", number: pr.number, label: LABELS.pending },
  ];
  return {
    verdict: "command",
    reasons: [`${approver} approved #${pr.number} at ${pr.headSha.slice(0, 7)}`],
    effects,
    approval: { number: pr.number, headSha: pr.headSha, approver },
  };
}

/**
 * Where an approved held comment goes back: into its own thread. A review reply goes back into
 * its thread through the replies endpoint (its root still exists). A held review comment that was
 * itself the root is gone with its thread, and the replies endpoint needs an existing root, so
 * the thread is started again on the same commit, file and line (GitHub answers 422 when the line
 * is no longer in the diff: the re-post then fails and is audited, the text stays in the audit
 * log). A discussion reply goes back under its parent comment. Anything else: the top level.
 */
function repostWhere(
  c: HeldComment,
): Pick<Extract<Effect, { kind: "create_comment" }>, "discussionNodeId" | "replyToNodeId" | "reviewCommentId" | "reviewAnchor"> {
  const p = c.placement;
  if (c.surface === "discussion_comment") {
    return {
      ...(c.threadNodeId ? { discussionNodeId: c.threadNodeId } : {}),
      ...(p?.parentNodeId ? { replyToNodeId: p.parentNodeId } : {}),
    };
  }
  if (c.surface === "review_comment" && p) {
    if (p.inReplyToId !== undefined) return { reviewCommentId: p.inReplyToId };
    if (p.commitId && p.path)
      return {
        reviewAnchor: {
          commitId: p.commitId,
          path: p.path,
          ...(p.line !== undefined ? { line: p.line } : {}),
          ...(p.side ? { side: p.side } : {}),
        },
      };
  }
  return c.threadNodeId ? { discussionNodeId: c.threadNodeId } : {};
}

function describeWhy(why: IgnoredWhy): string {
  switch (why) {
    case "quoted":
      return "commands in quotes are not commands";
    case "code":
      return "commands in code blocks are not commands";
    case "math":
      return "commands in math blocks are not commands";
    case "html-comment":
      return "commands in HTML comments are not commands";
    case "html":
      return "commands inside raw HTML (<details>, <pre>, …) are not commands";
    case "list":
      return "commands in list items are not commands: write it as its own paragraph";
    case "table":
      return "commands in tables are not commands";
    case "heading":
      return "commands in headings are not commands";
    case "not-at-line-start":
      return "a command must start the line";
    default: {
      const never: never = why;
      return never;
    }
  }
}
