// Rewrites the generated table of docs/agent-actions.md from the built permission table (npm run docs:actions).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withActionTable } from "../lib/policy/render-action-table.js";

const path = join(import.meta.dirname, "..", "docs", "agent-actions.md");
writeFileSync(path, withActionTable(readFileSync(path, "utf8")));
