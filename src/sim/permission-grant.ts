import type { PermissionLevel } from "./scenario.js";

/** One GitHub App permission at a level: `{scope: "issues", level: "write"}`. */
export interface Grant {
  scope: string;
  level: PermissionLevel;
}

/**
 * What decides which permission a call needs beyond its route: GitHub asks for the permission of
 * the thing acted on (an issue comment on a PR's thread needs pull_requests, not issues).
 */
export interface PermissionContext {
  /** The thread or comment the call acts on. */
  subject?: "issue" | "pull_request" | "discussion";
  /** A ref update or commit that changes files under `.github/workflows/`. */
  touchesWorkflows?: boolean;
  /** The first such file, for GitHub's wording of the refusal. */
  workflowPath?: string;
}

/** A route's permission: fixed, or decided by the context. */
export type PermissionRule = Grant[] | ((context: PermissionContext) => Grant[]);

/** `needs("issues", "write")`: one grant, as route tables write it. */
export function needs(scope: string, level: PermissionLevel): Grant {
  return { scope, level };
}

/** The scope of the thread a call acts on: issues, pull_requests or discussions. */
export function threadScope(context: PermissionContext): string {
  return context.subject === "pull_request" ? "pull_requests" : context.subject === "discussion" ? "discussions" : "issues";
}

const RANK: Record<PermissionLevel, number> = { read: 1, write: 2, admin: 3 };

/** The first grant in `needed` that `granted` does not cover (write covers read, admin covers write). */
export function lacking(granted: Record<string, PermissionLevel>, needed: readonly Grant[]): Grant | undefined {
  return needed.find((grant) => {
    const level = granted[grant.scope];
    return level === undefined || RANK[level] < RANK[grant.level];
  });
}
