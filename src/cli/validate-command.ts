import { readFile } from "node:fs/promises";
import { valueWarnings } from "../config/check-values.js";
import { CONFIG_PATH, extendsTarget } from "../config/load-config.js";
import { mergeConfig } from "../config/merge-config.js";
import { parseConfigFile } from "../config/parse-config-file.js";
import type { GuardrailsConfigFile } from "../config/schema.js";
import { lineOutput, type LineOutput } from "./line-output.js";
import { printable } from "../text/printable.js";

export const VALIDATE_USAGE = `usage: agent-guardrails validate [--strict] [--repo OWNER/REPO] [FILE.yml ...]

Checks config files against the schema (default: ${CONFIG_PATH} in the current directory):
the same checks the app runs, plus warnings about values that are allowed but dangerous.
  --strict           warnings fail too (exit 1)
  --repo OWNER/REPO  the repository the file is for (default: $GITHUB_REPOSITORY): checks that
                     _extends names a repository of the same owner, as the app requires
Exit status: 0 all valid, 1 a file is invalid (or has warnings, with --strict), 2 a file is
missing or unreadable, or bad usage.

examples:
  agent-guardrails validate                       # .github/agent-guardrails.yml here
  agent-guardrails validate --strict --repo acme/widgets .github/agent-guardrails.yml
`;

/** The options `validate` takes (main.ts parses them by the command table). */
export const VALIDATE_OPTIONS = {
  strict: { type: "boolean" },
  repo: { type: "string" },
} as const;

/** What `validate` was asked: the files (none: the config in the current directory). */
export interface ValidateInput {
  files: readonly string[];
  strict: boolean;
  /** --repo, as given. */
  repo: string | undefined;
}

/**
 * `agent-guardrails validate [--strict] [--repo OWNER/REPO] [FILE ...]`, its options parsed: the same parse, schema
 * and value checks the app runs, for a pre-commit hook or CI. Prints `file: key.path: reason` per
 * issue; for a valid file, "valid" and what it sets, and `file: key.path: warning: reason` for
 * values allowed but dangerous (check-values.ts valueWarnings). With a repository (--repo, else
 * $GITHUB_REPOSITORY), an `_extends` the app would reject (another owner, itself) is an error.
 * Returns 0 when all files are valid, 1 when one is invalid (or warns, with --strict), 2 when one
 * is missing or unreadable (or on bad usage).
 */
export async function validateCommand(input: ValidateInput, out: LineOutput, err: LineOutput, githubRepository?: string): Promise<number> {
  const print = lineOutput(out);
  const printError = lineOutput(err);
  const { files, strict, repo: repoArg } = input;
  const repoValue = repoArg ?? (githubRepository || undefined);
  const [repoOwner, repoName, extra] = (repoValue ?? "").split("/");
  if (repoValue !== undefined && (!repoOwner || !repoName || extra !== undefined)) {
    printError(
      `agent-guardrails validate: --repo: expected OWNER/REPO${repoArg === undefined ? " (from $GITHUB_REPOSITORY)" : ""}\n\n${VALIDATE_USAGE.trimEnd()}`,
    );
    return 2;
  }
  const repo = repoOwner && repoName ? { owner: repoOwner, repo: repoName } : undefined;

  let status = 0;
  for (const file of files.length > 0 ? files : [CONFIG_PATH]) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      printError(
        code === "ENOENT"
          ? `${file}: no such file${files.length === 0 ? ` (run in a repository's root, or name the file: agent-guardrails validate FILE.yml)` : ""}`
          : `${file}: cannot read: ${(error as Error).message}`,
      );
      status = 2;
      continue;
    }
    const parsed = parseConfigFile(file, text);
    const { value } = parsed;
    const issues = [...parsed.issues];
    if (value?._extends !== undefined && repo !== undefined) {
      const target = extendsTarget(repo, value._extends);
      if (typeof target === "string") issues.push({ file, path: "_extends", message: target });
    }
    if (value === undefined || issues.length > 0) {
      for (const issue of issues) {
        const where = issue.path === "" ? "" : ` ${printable(issue.path, 120)}:`;
        const line = issue.line === undefined ? "" : ` (line ${issue.line})`;
        printError(`${file}:${where} ${printable(issue.message, 300)}${line}`);
      }
      status = Math.max(status, 1);
      continue;
    }
    const warnings = valueWarnings(value).map(({ path, message }) => ({ path: path.join("."), message }));
    if (value._extends?.includes("/") === true && repo === undefined) {
      warnings.push({
        path: "_extends",
        message: "names an owner: the app reads it only when that is this repository's owner (pass --repo OWNER/REPO to check)",
      });
    }
    for (const warning of warnings) printError(`${file}: ${printable(warning.path, 120)}: warning: ${printable(warning.message, 300)}`);
    if (strict && warnings.length > 0) status = Math.max(status, 1);
    print(`${file}: valid${warnings.length > 0 ? ` (${warnings.length} warning${warnings.length === 1 ? "" : "s"})` : ""}`);
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
  if (file.locked !== undefined)
    lines.push(`locks (only as the org file, in the owner's .github repository): ${file.locked.join(", ") || "nothing"}`);
  if (file._extends !== undefined) lines.push(`extends ${printable(file._extends, 100)} (not read here)`);
  return lines;
}

/** The leaf key paths a file sets (`policy.merge`, `limits.burst.actions`, `agents`). */
function setPaths(value: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    typeof child === "object" && child !== null && !Array.isArray(child)
      ? setPaths(child as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}
