import { isMap, isScalar, isSeq, parseDocument, YAMLMap, type Document, type Node } from "yaml";
import { matchLogin } from "../policy/match-login.js";

/** One per-agent key to set: a permission-table row (`comment`) or an hourly limit (`limits.comments_per_hour`). */
export interface AgentOverride {
  key: string;
  value: string | number;
}

/**
 * The config file's text with `agent`'s own entry under `agents:` carrying `overrides` (its
 * `policy.<key>` or `limits.<key>`), everything else kept as written, comments included (the
 * `yaml` Document API edits the parsed file, it does not re-dump a value). Pure.
 *
 * The first matching `agents:` entry wins (policy/find-agent-entry.ts), so the agent's own entry
 * must come before any glob or id that also matches it: an exact-login entry is edited in place
 * (a plain string becomes `{login, policy}`) and moved to the front when an earlier entry would
 * shadow it; without one, a new entry is put first. A file that is absent (`null`) or empty
 * becomes one with just that entry. A file that is not YAML, or whose `agents` is not a list,
 * throws: a pull request must not rewrite what it cannot read.
 */
export function setAgentOverride(text: string | null, agent: string, overrides: readonly AgentOverride[]): string {
  const doc: Document = parseDocument(text ?? "");
  if (doc.errors.length > 0) throw new Error(`the config file is not valid YAML: ${doc.errors[0]!.message}`);
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) doc.contents = doc.createNode({}) as Node as never;
  if (!isMap(doc.contents)) throw new Error("the config file is not a mapping");
  let agents = doc.get("agents", true) as Node | undefined;
  if (agents === undefined || (isScalar(agents) && agents.value === null)) {
    doc.set("agents", doc.createNode([]));
    agents = doc.get("agents", true) as Node;
  }
  if (!isSeq(agents)) throw new Error("`agents` in the config file is not a list");

  const loginOf = (item: unknown): string | undefined => {
    if (isScalar(item) && typeof item.value === "string") return item.value;
    if (isMap(item)) {
      const login = item.get("login");
      return typeof login === "string" ? login : undefined;
    }
    return undefined;
  };
  const index = agents.items.findIndex((item) => loginOf(item)?.toLowerCase() === agent.toLowerCase());
  let entry: YAMLMap;
  if (index < 0) {
    entry = doc.createNode({ login: agent }) as YAMLMap;
    agents.items.unshift(entry);
  } else {
    const found = agents.items[index];
    if (isMap(found)) entry = found;
    else {
      entry = doc.createNode({ login: agent }) as YAMLMap;
      if (isScalar(found) && found.commentBefore) entry.commentBefore = found.commentBefore;
      if (isScalar(found) && found.comment) entry.comment = found.comment;
      agents.items[index] = entry;
    }
    // An earlier entry (a glob, or an id) that matches would win over this one.
    const shadowed = agents.items.slice(0, index).some((item) => {
      const login = loginOf(item);
      return login !== undefined && matchLogin(login, agent);
    });
    if (shadowed) {
      agents.items.splice(index, 1);
      agents.items.unshift(entry);
    }
  }
  for (const { key, value } of overrides) {
    const path = key.startsWith("limits.") ? ["limits", key.slice("limits.".length)] : ["policy", key];
    if (!entry.hasIn([path[0]])) entry.set(path[0], doc.createNode({}));
    entry.setIn(path, value);
  }
  // A block that was written in flow style (`policy: { comment: flag }`) stays so.
  return doc.toString();
}
