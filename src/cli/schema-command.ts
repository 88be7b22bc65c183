import { configJsonSchema } from "../config/config-schema-json.js";
import { lineOutput, type LineOutput } from "./line-output.js";

/**
 * `agent-guardrails schema`: prints the config's JSON Schema. `npm run schema` writes it to
 * `schema/agent-guardrails.schema.json`, the committed copy a test keeps fresh.
 */
export function schemaCommand(out: LineOutput): number {
  lineOutput(out)(JSON.stringify(configJsonSchema(), null, 2));
  return 0;
}
