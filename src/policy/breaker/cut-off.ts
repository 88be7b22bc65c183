import type { GuardrailsConfig } from "../../config/schema.js";
import type { CutOff } from "../effect.js";

/** The installation permission each way of cutting an agent off needs (GitHub's "Permissions required for GitHub Apps"). */
export const CUT_OFF_PERMISSION: Record<CutOff, string> = {
  remove_collaborator: "administration",
  block_user: "organization_user_blocking",
};

/**
 * An App's bot (`name[bot]`, or Copilot's coding agent, which acts as `Copilot`) cannot be removed
 * as a collaborator nor blocked by another App: only a human in the settings can stop it.
 */
export function isAppAgent(login: string, isBot?: boolean): boolean {
  return isBot === true || /\[bot\]$/i.test(login) || login.toLowerCase() === "copilot";
}

/** The `breaker.cut_off` ways this installation may use on this agent: none for an App's bot, none without the permission. */
export function usableCutOffs(
  cutOff: GuardrailsConfig["breaker"]["cut_off"],
  agent: { login: string; isBot?: boolean },
  permissions: Readonly<Record<string, string>> | undefined,
): CutOff[] {
  if (agent.login === "*" || isAppAgent(agent.login, agent.isBot) || permissions === undefined) return [];
  return cutOff.filter((how) => permissions[CUT_OFF_PERMISSION[how]] === "write");
}

/**
 * What a human must do to cut the agent off, with the links and the API call: the incident and
 * `/guardrails status` say it while the breaker is open and the app did not do it itself.
 */
export function cutOffInstructions(agent: string, repo: string, isBot?: boolean): string[] {
  const [org] = repo.split("/") as [string];
  const who = `\`${agent}\``;
  if (isAppAgent(agent, isBot)) {
    const lines = [
      `To cut ${who} off for real: it is an App's bot, which another App cannot remove or block. A human suspends or narrows its installation in https://github.com/organizations/${org}/settings/installations (Configure → Repository access), or uninstalls it.`,
    ];
    if (agent.toLowerCase().startsWith("copilot")) {
      lines.push(
        `For Copilot's coding agent: turn it off for this repository in https://github.com/${repo}/settings/copilot/coding_agent (or the organization's Copilot policies).`,
      );
    }
    return lines;
  }
  return [
    `To cut ${who} off for real: remove its access at https://github.com/${repo}/settings/access (API: \`DELETE /repos/${repo}/collaborators/${agent}\`), or block it org-wide at https://github.com/organizations/${org}/settings/blocked_users (API: \`PUT /orgs/${org}/blocks/${agent}\`). \`breaker.cut_off\` lets the app do it on a trip (needs \`administration: write\` or \`organization_user_blocking: write\`).`,
  ];
}
