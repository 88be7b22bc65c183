import { configJsonSchema } from "../config/config-schema-json.js";
import { lineOutput, type LineOutput } from "./line-output.js";

export const SCHEMA_USAGE = `usage: agent-guardrails schema

Prints the JSON Schema of .github/agent-guardrails.yml on stdout (for editors: yaml-language-server,
or a "$schema" line). The same file ships as schema/agent-guardrails.schema.json.
Exit status: 0.
`;

/**
 * `agent-guardrails schema`: prints the config's JSON Schema. `npm run schema` writes it to
 * `schema/agent-guardrails.schema.json`, the committed copy a test keeps fresh.
 */
export function schemaCommand(out: LineOutput): number {
  lineOutput(out)(JSON.stringify(configJsonSchema(), null, 2));
  return 0;
}
