import { CONFIG_PATH } from "../config/load-config.js";

/**
 * Whether a push changed the config on the default branch (cache invalidation and validation).
 * Reads the payload only. Returns the sha to report problems on, or null.
 */
export function configPushSha(name: string, payload: unknown): string | null {
  if (name !== "push" || payload === null || typeof payload !== "object") return null;
  const p = payload as { ref?: unknown; after?: unknown; repository?: { default_branch?: unknown }; commits?: unknown };
  if (typeof p.ref !== "string" || p.ref !== `refs/heads/${String(p.repository?.default_branch ?? "")}`) return null;
  const commits = Array.isArray(p.commits) ? (p.commits as Record<string, unknown>[]) : [];
  const touched = commits.some((c) =>
    ["added", "modified", "removed"].some((k) => Array.isArray(c[k]) && (c[k] as unknown[]).includes(CONFIG_PATH)),
  );
  return touched && typeof p.after === "string" ? p.after : null;
}
