import { z } from "zod";

/**
 * The evidence known coding agents leave when they act through a person's account (docs/agents.md
 * "The data file"): commit trailers and authors, markers in the text they write, their branch
 * names and the GitHub Apps they act through. Data, not code: each entry names where its strings
 * come from, and `tiers.known_agents` in the config extends the list (the same shape, `source`
 * optional). Strings are compared case-insensitively.
 *
 * - `trailers`: the email (or `*+login@users.noreply.github.com` pattern) a `Co-authored-by:`
 *   trailer names: weak evidence, a person used an assistant;
 * - `authors`: commit author / committer logins or emails of the agent's own account, and the
 *   sender of a webhook: strong evidence, the agent wrote the commits;
 * - `markers`: text the agent puts in PR, issue, comment and commit bodies: weak alone;
 * - `branches`: prefixes of the branches it pushes (`codex/`): weak alone, strong beside a marker
 *   or a trailer;
 * - `apps`: slugs of the GitHub Apps it acts through (`performed_via_github_app` on issues and
 *   comments): strong.
 */
export const knownAgentSchema = z.strictObject({
  agent: z.string().min(1).describe("The agent's name, as the evidence and the alert name it"),
  source: z.string().url().optional().describe("Where the strings come from (documentation, a public commit)"),
  trailers: z
    .array(z.string().min(1))
    .optional()
    .describe("Co-authored-by: emails or *+login@users.noreply.github.com patterns (weak evidence)"),
  authors: z
    .array(z.string().min(1))
    .optional()
    .describe("The agent's own account as commit author or committer, or webhook sender: login or email (strong evidence)"),
  markers: z
    .array(z.string().min(1))
    .optional()
    .describe("Text the agent writes into bodies: a PR's, an issue's, a comment's, a commit message (weak alone)"),
  branches: z
    .array(z.string().min(1))
    .optional()
    .describe('Branch prefixes it pushes ("codex/"): weak alone, strong with a marker or trailer'),
  apps: z.array(z.string().min(1)).optional().describe("GitHub App slugs it acts through (performed_via_github_app): strong evidence"),
});

/** One known agent's evidence. */
export type KnownAgent = z.infer<typeof knownAgentSchema>;

/**
 * The built-in list. Sources checked 2026-12 against the vendors' documentation and public
 * commits that carry the strings (the trailers as the tools write them by default).
 */
export const KNOWN_AGENTS: readonly KnownAgent[] = z.array(knownAgentSchema).parse([
  {
    agent: "Claude Code",
    // Default attribution: "🤖 Generated with [Claude Code](https://claude.com/claude-code)" and
    // "Co-Authored-By: Claude <noreply@anthropic.com>"; sessions on the web add a `Claude-Session:`
    // link and push `claude/` branches; the GitHub App commits as claude[bot].
    source: "https://docs.anthropic.com/en/docs/claude-code/settings",
    trailers: ["noreply@anthropic.com"],
    authors: ["claude[bot]", "209825114+claude[bot]@users.noreply.github.com", "anthropic-claude[bot]"],
    markers: ["Generated with [Claude Code]", "Generated with Claude Code", "claude.ai/code/session_"],
    branches: ["claude/"],
    apps: ["claude", "anthropic-claude"],
  },
  {
    agent: "GitHub Copilot",
    // The coding agent commits as copilot-swe-agent[bot] on copilot/ branches; Copilot CLI adds
    // "Co-authored-by: Copilot <223556219+Copilot@users.noreply.github.com>"; the agent's PRs
    // its session (`Copilot-Session:`).
    source: "https://docs.github.com/en/copilot/concepts/agents/coding-agent/about-coding-agent",
    trailers: ["*+Copilot@users.noreply.github.com", "copilot@github.com"],
    authors: ["copilot-swe-agent[bot]", "198982749+Copilot@users.noreply.github.com", "Copilot"],
    markers: ["Copilot-Session:"],
    branches: ["copilot/"],
    apps: ["copilot-swe-agent"],
  },
  {
    agent: "OpenAI Codex",
    // Codex cloud opens PRs from codex/ branches with a "[Codex Task](https://chatgpt.com/codex/tasks/task_…)" link.
    source: "https://developers.openai.com/codex/cloud",
    trailers: ["noreply@openai.com"],
    authors: ["chatgpt-codex-connector[bot]"],
    markers: ["chatgpt.com/codex/tasks/"],
    branches: ["codex/"],
    apps: ["chatgpt-codex-connector"],
  },
  {
    agent: "Cursor",
    // Background (cloud) agents push cursor/ branches and sign "Co-authored-by: Cursor Agent <cursoragent@cursor.com>".
    source: "https://docs.cursor.com/background-agent",
    trailers: ["cursoragent@cursor.com", "cursor@cursor.bot"],
    authors: ["cursor[bot]", "cursoragent@cursor.com"],
    markers: ["cursor.com/agents?id="],
    branches: ["cursor/"],
    apps: ["cursor"],
  },
  {
    agent: "Devin",
    // "Generated with [Devin](https://devin.ai)" and "Co-Authored-By: Devin <158243242+devin-ai-integration[bot]@users.noreply.github.com>" on devin/ branches.
    source: "https://docs.devin.ai/integrations/gh",
    trailers: ["158243242+devin-ai-integration[bot]@users.noreply.github.com", "devin@cognition.ai"],
    authors: ["devin-ai-integration[bot]"],
    markers: ["Generated with [Devin]", "app.devin.ai/sessions/"],
    branches: ["devin/"],
    apps: ["devin-ai-integration"],
  },
  {
    agent: "Google Gemini / Jules",
    // Gemini CLI's "Co-Authored-By: Gemini <noreply@google.com>"; Jules commits as google-labs-jules[bot];
    // an accepted Gemini Code Assist suggestion is co-authored by gemini-code-assist[bot] (a trailer: weak).
    source: "https://jules.google/docs",
    trailers: [
      "noreply@google.com",
      "*+google-labs-jules[bot]@users.noreply.github.com",
      "*+gemini-code-assist[bot]@users.noreply.github.com",
    ],
    authors: ["google-labs-jules[bot]"],
    markers: ["jules.google.com/task/"],
    branches: ["jules/"],
    apps: ["google-labs-jules"],
  },
  {
    agent: "Aider",
    // "Co-authored-by: aider (<model>) <noreply@aider.chat>", and "(aider)" appended to the author's name.
    source: "https://aider.chat/docs/git.html",
    trailers: ["noreply@aider.chat"],
  },
]);

/** The built-in list, then the config's `tiers.known_agents` (both are searched; the first entry that matches names the agent). */
export function knownAgentsFor(tiers: { known_agents: readonly KnownAgent[] }): readonly KnownAgent[] {
  return tiers.known_agents.length === 0 ? KNOWN_AGENTS : [...KNOWN_AGENTS, ...tiers.known_agents];
}
