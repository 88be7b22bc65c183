import type { ParseArgsConfig } from "node:util";
import type { CliEnv } from "../runtime-env.js";
import { AUDIT_OPTIONS, AUDIT_USAGE, auditCommand } from "./audit-command.js";
import { BACKTEST_OPTIONS, BACKTEST_USAGE, backtestCommand } from "./backtest-command.js";
import { DEMO_OPTIONS, DEMO_USAGE, demoCommand } from "./demo-command.js";
import { SCHEMA_USAGE, schemaCommand } from "./schema-command.js";
import { SIMULATE_OPTIONS, SIMULATE_USAGE, simulateCommand } from "./simulate-command.js";
import { START_OPTIONS, START_USAGE, startCommand } from "./start-command.js";
import type { TextOutput } from "./text-output.js";
import { VALIDATE_OPTIONS, VALIDATE_USAGE, validateCommand } from "./validate-command.js";

/** A command's options, as util.parseArgs takes them (main adds --help / -h to every command). */
export type CommandOptions = NonNullable<ParseArgsConfig["options"]>;

/** Option values as util.parseArgs returns them (a `multiple` option gives a list). */
export type ParsedValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** What main parsed for a command, and the world around it. */
export interface CommandInput {
  /** The arguments after the command's name, as given (a command that hands them on, as start does to probot). */
  argv: string[];
  values: ParsedValues;
  positionals: string[];
  out: TextOutput;
  err: TextOutput;
  /** The CLI's environment, checked by src/runtime-env.ts when a command first asks. */
  env(): CliEnv;
  /** The process environment, only for start to hand to probot (which reads its own variables). */
  processEnv: NodeJS.ProcessEnv;
  now: Date;
}

/** One row of the command table: `agent-guardrails --help` lists them, main parses for them. */
export interface Command {
  name: string;
  /** One line for `agent-guardrails --help`. */
  summary: string;
  /** What `agent-guardrails NAME --help` prints: it begins `usage: agent-guardrails NAME`. */
  usage: string;
  options: CommandOptions;
  /** How many positional arguments the command takes, at least and at most. */
  positionals: readonly [min: number, max: number];
  /** Runs the command; resolves to its exit code (0 done or clean, 1 failed or findings, 2 usage). */
  run(input: CommandInput): Promise<number> | number;
}

const text = (value: ParsedValues[string]): string | undefined => (typeof value === "string" ? value : undefined);

/**
 * Every command. A new one is a row here (its usage and options beside its code in
 * src/cli/NAME-command.ts). A command that parses its own argv (backtest) declares the same
 * options here, so that main refuses what it would refuse and answers --help first:
 *   { name: "backtest", summary: "what the guardrails would have done on a repository's recent history",
 *     usage: BACKTEST_USAGE, options: BACKTEST_OPTIONS, positionals: [0, 0],
 *     run: ({ argv, out, err, processEnv, now }) => backtestCommand(argv, out, err, { env: processEnv, now: () => now }) }
 */
export const COMMANDS: readonly Command[] = [
  {
    name: "validate",
    summary: "check config files (schema, globs, dangerous values)",
    usage: VALIDATE_USAGE,
    options: VALIDATE_OPTIONS,
    positionals: [0, Infinity],
    run: ({ values, positionals, out, err, env }) =>
      validateCommand({ files: positionals, strict: values.strict === true, repo: text(values.repo) }, out, err, env().GITHUB_REPOSITORY),
  },
  {
    name: "simulate",
    summary: "run a scenario through the app against a local GitHub stand-in",
    usage: SIMULATE_USAGE,
    options: SIMULATE_OPTIONS,
    positionals: [1, 1],
    run: ({ values, positionals, out, err, env }) =>
      simulateCommand(
        { file: positionals[0]!, config: text(values.config), json: values.json === true, logLevel: env().LOG_LEVEL },
        out,
        err,
      ),
  },
  {
    name: "audit",
    summary: "search the audit log (--since 7d, globs, --format table|json|csv)",
    usage: AUDIT_USAGE,
    options: AUDIT_OPTIONS,
    positionals: [0, 0],
    run: ({ values, out, err, env, now }) => auditCommand(values, out, err, { now, databaseUrl: env().DATABASE_URL }),
  },
  {
    name: "backtest",
    summary: "what the guardrails would have done on a repository's recent history (observe mode)",
    usage: BACKTEST_USAGE,
    options: BACKTEST_OPTIONS,
    positionals: [0, 0],
    // backtest parses its own argv with the same options (main has refused anything else already).
    run: ({ argv, out, err, processEnv, now }) => backtestCommand(argv, out, err, { env: processEnv, now: () => now }),
  },
  {
    name: "demo",
    summary: "run the bundled scenarios and explain what the app did (a trip, its containment, its undo)",
    usage: DEMO_USAGE,
    options: DEMO_OPTIONS,
    positionals: [0, 0],
    run: ({ values, out, err, env }) => demoCommand({ db: text(values.db), logLevel: env().LOG_LEVEL }, out, err),
  },
  {
    name: "schema",
    summary: "print the config's JSON Schema",
    usage: SCHEMA_USAGE,
    options: {},
    positionals: [0, 0],
    run: ({ out }) => schemaCommand(out),
  },
  {
    name: "start",
    summary: "run the app's server (webhooks, /healthz, /metrics)",
    usage: START_USAGE,
    options: START_OPTIONS,
    positionals: [0, 0],
    run: ({ argv, processEnv }) => startCommand(argv, processEnv),
  },
];
