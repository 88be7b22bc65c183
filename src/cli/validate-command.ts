import { readFile } from "node:fs/promises";
import { CONFIG_PATH } from "../config/load-config.js";
import { mergeConfig } from "../config/merge-config.js";
import { parseConfigFile } from "../config/parse-config-file.js";
import type { GuardrailsConfigFile } from "../config/schema.js";
import { lineOutput, type LineOutput } from "./line-output.js";
import { printable } from "./printable.js";

const USAGE = `usage: agent-guardrails validate [FILE.yml ...]

Checks config files against the schema (default: ${CONFIG_PATH} in the current directory).
Exit status: 0 all valid, 1 a file is invalid, 2 a file is missing or unreadable.`;

/**
 * `agent-guardrails validate [FILE ...]`: the same parse and schema check the app runs, for a
 * pre-commit hook or CI. Prints `file: key.path: reason` per issue; for a valid file, "valid"
 * and what it sets. Returns 0 when all files are valid, 1 when one is invalid, 2 when one is
 * missing or unreadable (or on bad usage).
 */
export async function validateCommand(argv: string[], out: LineOutput, err: LineOutput): Promise<number> {
  const print = lineOutput(out);
  const printError = lineOutput(err);
  if (argv.includes("--help") || argv.includes("-h")) {
    print(USAGE);
    return 0;
  }
  const unknown = argv.find((arg) => arg.startsWith("-"));
  if (unknown !== undefined) {
    printError(`unknown option ${printable(unknown, 40)}\n\n${USAGE}`);
    return 2;
  }

  let status = 0;
  for (const file of argv.length > 0 ? argv : [CONFIG_PATH]) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      printError(
        code === "ENOENT"
          ? `${file}: no such file${argv.length === 0 ? ` (run in a repository's root, or name the file: agent-guardrails validate FILE.yml)` : ""}`
          : `${file}: cannot read: ${(error as Error).message}`,
      );
      status = 2;
      continue;
    }
    const { value, issues } = parseConfigFile(file, text);
    if (value === undefined) {
      for (const issue of issues) {
        const where = issue.path === "" ? "" : ` ${printable(issue.path, 120)}:`;
        const line = issue.line === undefined ? "" : ` (line ${issue.line})`;
        printError(`${file}:${where} ${printable(issue.message, 300)}${line}`);
      }
      status = Math.max(status, 1);
      continue;
    }
    print(`${file}: valid`);
    for (const line of summary(value)) print(`  ${line}`);
  }
  return status;
}

/** What a valid file sets and how it resolves on its own (without an org file). */
function summary(file: GuardrailsConfigFile): string[] {
  const { config } = mergeConfig({ repo: file });
  const sets = setPaths(file).filter((p) => p !== "_extends" && p !== "locked");
  const lines = [
    sets.length > 0 ? `sets: ${sets.join(", ")}` : "sets nothing: the strict defaults apply",
    `resolves to (on the strict defaults, before any org file): mode ${config.mode}, ${config.agents.length} agent entr${config.agents.length === 1 ? "y" : "ies"}, approvers ${config.approvers}, digest ${config.digest}`,
    `policy: ${Object.entries(config.policy)
      .map(([key, value]) => `${key}=${value}`)
      .join(" ")}`,
  ];
  if (file.locked !== undefined) lines.push(`locks (only as the org file, in the owner's .github repository): ${file.locked.join(", ") || "nothing"}`);
  if (file._extends !== undefined) lines.push(`extends ${printable(file._extends, 100)} (not read here)`);
  return lines;
}

/** The leaf key paths a file sets (`policy.merge`, `limits.burst.actions`, `agents`). */
function setPaths(value: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    typeof child === "object" && child !== null && !Array.isArray(child) ? setPaths(child as Record<string, unknown>, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}
