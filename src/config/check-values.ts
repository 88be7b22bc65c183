import picomatch from "picomatch";
import { isPlainObject } from "./deep-merge.js";

/**
 * Checks of values the schema's types accept but that cannot be meant: the app and `validate`
 * both treat these as errors (the file is invalid, the fallback of load-config applies).
 * Values from the file are never echoed in messages.
 */
export function valueErrors(raw: unknown): { path: (string | number)[]; message: string }[] {
  if (!isPlainObject(raw)) return [];
  const errors: { path: (string | number)[]; message: string }[] = [];
  if (Array.isArray(raw.agents)) {
    raw.agents.forEach((entry: unknown, i: number) => {
      const login = typeof entry === "string" ? entry : isPlainObject(entry) && typeof entry.login === "string" ? entry.login : undefined;
      const path = typeof entry === "string" ? ["agents", i] : ["agents", i, "login"];
      if (login === undefined || login === "") return;
      if (matchesEveryLogin(login)) {
        errors.push({
          path,
          message: 'this pattern matches every account: every person would be treated as an agent; name the agents (e.g. "*-agent[bot]")',
        });
      } else if (!canMatchALogin(login)) {
        errors.push({
          path,
          message:
            "this pattern can never match a GitHub login (letters, digits, - and _, with a [bot] suffix for apps); in agents only * and ? are wildcards, brackets and braces are literal",
        });
      }
    });
  }
  const scope = raw.scope;
  if (isPlainObject(scope)) {
    for (const key of ["paths", "protected"] as const) {
      const globs = scope[key];
      if (!Array.isArray(globs)) continue;
      globs.forEach((glob: unknown, i: number) => {
        if (typeof glob !== "string") return;
        const problem = globProblem(glob);
        if (problem !== undefined) errors.push({ path: ["scope", key, i], message: problem });
      });
    }
  }
  return errors;
}

/**
 * Warnings: values that are allowed but probably a mistake or weaker than intended. Reported by
 * `validate` only (exit 1 with --strict); the app applies them.
 */
export function valueWarnings(raw: unknown): { path: (string | number)[]; message: string }[] {
  if (!isPlainObject(raw)) return [];
  const warnings: { path: (string | number)[]; message: string }[] = [];
  if (typeof raw.owner === "string" && raw.owner.trim() === "") {
    warnings.push({ path: ["owner"], message: "empty: nobody receives incident issues and digests; name the accountable person or team" });
  }
  if (Array.isArray(raw.agents)) {
    raw.agents.forEach((entry: unknown, i: number) => {
      const login = typeof entry === "string" ? entry : isPlainObject(entry) && typeof entry.login === "string" ? entry.login : undefined;
      if (login === undefined) return;
      const path = typeof entry === "string" ? ["agents", i] : ["agents", i, "login"];
      if (!matchesEveryLogin(login) && /^[*?]*\[bot\]$/i.test(login)) {
        warnings.push({
          path,
          message:
            "this pattern matches every GitHub App, dependabot[bot], renovate[bot] and github-actions[bot] included: name the agents",
        });
      }
    });
  }
  return warnings;
}

/** A pattern with no literal character (only `*` and `?`): every login, or all but the shortest. */
export function matchesEveryLogin(pattern: string): boolean {
  return pattern.length > 0 && /^[*?]+$/.test(pattern) && pattern.includes("*");
}

/**
 * Whether a matchLogin pattern could match some GitHub login: logins are letters, digits and
 * hyphens (`_` in enterprise-managed logins), apps add `[bot]`. Anything else (`[bad`, `{a,b}`)
 * is literal in matchLogin and so matches nobody: a mistake that would let the agent through.
 */
export function canMatchALogin(pattern: string): boolean {
  return /^[A-Za-z0-9_*?-]*$/.test(pattern.replace(/\[bot\]/gi, "")) && pattern.replace(/\[bot\]/gi, "") !== "";
}

/** Why a scope glob is impossible (unbalanced brackets, braces or parentheses), or undefined. */
export function globProblem(glob: string): string | undefined {
  if (glob === "") return "an empty glob matches nothing";
  try {
    // strictBrackets: picomatch otherwise reads "[bad" as a literal and "{a,b" as "match nothing".
    picomatch.makeRe(glob, { dot: true, strictBrackets: true });
    return undefined;
  } catch (error) {
    // picomatch's message names the missing character, not the glob.
    return `not a valid glob: ${(error as Error).message.replace(/ - use .*$/, "")} (escape it with \\ to match it literally)`;
  }
}
