import { z } from "zod";
import { configFileSchema } from "./schema.js";

/** Identifies the published schema (editors key on `$id`; it is a name, not a download address). */
export const CONFIG_SCHEMA_ID = "urn:agent-guardrails:schema:config";

/**
 * The JSON Schema of a config file, generated from the zod schema (the source of truth) and
 * committed as `schema/agent-guardrails.schema.json` for editors and other tools. A test fails
 * when the committed file is stale: regenerate it with `npm run schema`.
 * What JSON Schema cannot say (an agent entry needs a login or an id) is still checked by
 * `agent-guardrails validate`.
 */
export function configJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(configFileSchema, { target: "draft-2020-12" });
  return { $schema, $id: CONFIG_SCHEMA_ID, title: "agent-guardrails configuration", ...rest };
}
