import { ACTION_KINDS } from "./agent-action.js";
import { ACTION_TABLE } from "./action-table.js";

/** The markers around the generated table in docs/agent-actions.md. */
export const TABLE_BEGIN = "<!-- action-table:begin (generated from src/policy/action-table.ts: npm run docs:actions) -->";
export const TABLE_END = "<!-- action-table:end -->";

/** The permission table as Markdown, one row per action kind in ACTION_KINDS order. */
export function renderActionTable(): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  const lines = [
    "| agent action | default | config key | containment | `resume --undo` |",
    "| --- | --- | --- | --- | --- |",
    ...ACTION_KINDS.map((kind) => {
      const row = ACTION_TABLE[kind];
      return `| \`${kind}\` | ${cell(row.default)} | ${cell(row.key)} | ${cell(row.contain)} | ${cell(row.undo)} |`;
    }),
  ];
  return [TABLE_BEGIN, ...lines, TABLE_END].join("\n");
}

/** `text` with its generated table replaced by the current one (the markers must be there). */
export function withActionTable(text: string): string {
  const begin = text.indexOf(TABLE_BEGIN);
  const end = text.indexOf(TABLE_END);
  if (begin < 0 || end < begin) throw new Error("docs/agent-actions.md lacks the action-table markers");
  return text.slice(0, begin) + renderActionTable() + text.slice(end + TABLE_END.length);
}
