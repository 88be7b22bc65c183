import { isMap, isSeq, parseDocument, YAMLSeq } from "yaml";

/** A config file rewritten for a backtest, and what was changed in it. */
export interface ObserveConfig {
  text: string;
  /** For the report: a file that could not be kept as it was. */
  note?: string;
}

/**
 * The repository's config as the backtest runs it: the same file with `mode: observe` (so the
 * pipeline plans and acts on nothing) and `extraAgents` added to `agents:` (lists are unioned
 * with the org's and the defaults', so adding can only widen who counts as an agent). Comments
 * and everything else stay. A file whose YAML does not parse, or is not a mapping, is replaced by
 * one with only these two keys: the app would fall back on its defaults for it anyway.
 */
export function observeConfig(text: string | undefined, extraAgents: readonly string[]): ObserveConfig {
  const document = text === undefined ? undefined : parseDocument(text);
  if (document === undefined || document.errors.length > 0 || !isMap(document.contents)) {
    const fresh = parseDocument("mode: observe\n");
    if (extraAgents.length > 0) fresh.set("agents", fresh.createNode([...extraAgents]));
    return {
      text: fresh.toString(),
      ...(text === undefined
        ? {}
        : { note: "the repository's config file does not parse as a YAML mapping: the backtest ran on the defaults" }),
    };
  }
  document.set("mode", "observe");
  const agents = document.get("agents", true);
  if (isSeq(agents)) {
    const present = new Set(agents.items.map((item) => String((item as { value?: unknown }).value ?? "").toLowerCase()));
    for (const login of extraAgents) if (!present.has(login.toLowerCase())) (agents as YAMLSeq).add(document.createNode(login));
  } else if (extraAgents.length > 0) {
    document.set("agents", document.createNode([...extraAgents]));
  }
  return { text: document.toString() };
}
