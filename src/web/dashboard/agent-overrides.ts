import picomatch from "picomatch";
import { parse } from "yaml";

/**
 * An agent's per-agent overrides in one repository's config text (`agents:` entries that are
 * objects naming it): flattened to `policy.comment` → `flag`. Unparsable text: none.
 */
export function agentOverrides(configText: string | null, agent: string): Record<string, string> | null {
  if (configText === null) return null;
  let doc: unknown;
  try {
    doc = parse(configText);
  } catch {
    return null;
  }
  const agents = (doc as { agents?: unknown } | null)?.agents;
  if (!Array.isArray(agents)) return null;
  const values: Record<string, string> = {};
  for (const entry of agents) {
    if (entry === null || typeof entry !== "object") continue;
    const { login, id: _id, ...rest } = entry as Record<string, unknown>;
    if (typeof login !== "string" || !picomatch(login, { nocase: true, bash: true })(agent)) continue;
    flatten(rest, "", values);
  }
  return Object.keys(values).length > 0 ? values : null;
}

function flatten(value: Record<string, unknown>, prefix: string, out: Record<string, string>): void {
  for (const [key, v] of Object.entries(value)) {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) flatten(v as Record<string, unknown>, `${prefix}${key}.`, out);
    else out[`${prefix}${key}`] = String(v);
  }
}
