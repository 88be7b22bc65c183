import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { readCliEnv, type CliEnv } from "../runtime-env.js";
import { printable } from "../text/printable.js";
import { COMMANDS, type Command, type ParsedValues } from "./commands.js";
import type { TextOutput } from "./text-output.js";

const NAME_WIDTH = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;

/** What `agent-guardrails --help` prints: the command table. */
export const USAGE = `usage: agent-guardrails <command> [options]
       agent-guardrails --version

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(NAME_WIDTH)}${c.summary}`).join("\n")}

Run "agent-guardrails <command> --help" for a command's options (docs/cli.md has them all).
Exit status: 0 done (clean), 1 failed (or findings), 2 bad usage.
`;

/** The package's version (package.json sits two folders up from src/cli and from lib/cli alike). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
}

/** What a run of the CLI reads beside its arguments; tests pass their own. */
export interface MainContext {
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

/**
 * The CLI (bin/agent-guardrails.js calls it): one parser for every command of the table in
 * commands.ts. `--help` prints a command's usage without running it; an unknown command or
 * option is one line and the usage on stderr, exit 2. Returns the exit code instead of exiting,
 * so that output written to a pipe is flushed before the process ends.
 */
export async function main(
  argv: string[],
  out: TextOutput = process.stdout,
  err: TextOutput = process.stderr,
  context: MainContext = {},
): Promise<number> {
  const [name, ...rest] = argv;
  if (out === process.stdout) exitQuietlyOnBrokenPipe(process.stdout);
  switch (name) {
    case undefined:
      err.write(USAGE);
      return 2;
    case "help":
    case "--help":
    case "-h": {
      const about = rest[0] === undefined ? undefined : COMMANDS.find((c) => c.name === rest[0]);
      out.write(about?.usage ?? USAGE);
      return rest[0] === undefined || about !== undefined
        ? 0
        : usageError(err, `agent-guardrails: unknown command ${shown(rest[0])}`, USAGE);
    }
    case "--version":
    case "-v":
      out.write(`${packageVersion()}\n`);
      return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined)
    return usageError(err, `agent-guardrails: ${name.startsWith("-") ? "unknown option" : "unknown command"} ${shown(name)}`, USAGE);

  const parsed = parseCommandArgs(command, rest);
  if (!parsed.ok) return usageError(err, `agent-guardrails ${command.name}: ${parsed.error}`, command.usage);
  if (parsed.values.help === true) {
    out.write(command.usage);
    return 0;
  }

  const processEnv = context.env ?? process.env;
  let env: CliEnv | undefined;
  try {
    return await command.run({
      argv: rest,
      values: parsed.values,
      positionals: parsed.positionals,
      out,
      err,
      env: () => (env ??= readCliEnv(processEnv)),
      processEnv,
      now: context.now ?? new Date(),
    });
  } catch (error) {
    err.write(`agent-guardrails ${command.name}: ${printable(error instanceof Error ? error.message : String(error), 500)}\n`);
    return 1;
  }
}

type Parsed = { ok: true; values: ParsedValues; positionals: string[] } | { ok: false; error: string };

/** A command's arguments by its row: its options and --help, strictly, and the count of positionals. */
function parseCommandArgs(command: Command, args: string[]): Parsed {
  let values: ParsedValues;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    return { ok: false, error: parseArgsError(error as Error & { code?: string }) };
  }
  if (values.help === true) return { ok: true, values, positionals };
  const [min, max] = command.positionals;
  if (positionals.length > max) return { ok: false, error: `unexpected argument ${shown(positionals[max]!)}` };
  if (positionals.length < min) return { ok: false, error: `missing argument${min - positionals.length === 1 ? "" : "s"}` };
  return { ok: true, values, positionals };
}

/** Bad usage: one line saying what is wrong, then the usage; exit 2. */
/** Node's parseArgs messages run over several lines with advice about `--`; one line says it here. */
function parseArgsError(error: Error & { code?: string }): string {
  const unknown = /^Unknown option '([^']*)'/.exec(error.message);
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && unknown) return `unknown option ${shown(unknown[1]!)}`;
  return printable(error.message.split("\n")[0]!.replace(/\. To specify .*$/, ""), 200);
}

function usageError(err: TextOutput, line: string, usage: string): number {
  err.write(`${line}\n\n${usage}`);
  return 2;
}

const shown = (text: string) => `"${printable(text, 60)}"`;

/** `agent-guardrails audit | head` closes the pipe early: that ends the output, it is not a crash. */
function exitQuietlyOnBrokenPipe(stream: NodeJS.WriteStream): void {
  if (stream.listenerCount("error") > 0) return;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}
