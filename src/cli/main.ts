import { auditCommand } from "./audit-command.js";
import { backtestCommand } from "./backtest-command.js";
import { demoCommand } from "./demo-command.js";
import { schemaCommand } from "./schema-command.js";
import { simulateCommand, type TextOutput } from "./simulate-command.js";
import { startCommand } from "./start-command.js";
import { validateCommand } from "./validate-command.js";

/** What `agent-guardrails --help` prints. */
export const USAGE = `usage: agent-guardrails <command> [options]

commands:
  validate [--strict] [--repo O/R] [FILE.yml ...] check config files (schema, globs, dangerous values)
  simulate SCENARIO.jsonl [--config FILE.yml] [--json]
                                                 run a scenario through the app against a local GitHub stand-in
  audit [--db URL] [filters] [--json]            read the audit log (newest 100 rows by default)
  backtest --repo O/R [--since 7d] [--json]      replay a repository's recent history in observe mode: what would it have done?
  demo                                           run the bundled scenario and explain what the app did
  schema                                         print the config's JSON Schema
  start                                          run the app's server (webhooks, /healthz, /metrics)

Run "agent-guardrails <command> --help" for a command's options.
`;

/**
 * The CLI dispatcher (bin/agent-guardrails.js calls it). Returns the exit code instead of exiting,
 * so that output written to a pipe is flushed before the process ends.
 */
export async function main(argv: string[], out: TextOutput = process.stdout, err: TextOutput = process.stderr): Promise<number> {
  const [command, ...rest] = argv;
  if (out === process.stdout) exitQuietlyOnBrokenPipe(process.stdout);
  try {
    switch (command) {
      case "validate":
        return await validateCommand(rest, out, err);
      case "simulate":
        return await simulateCommand(rest, out, err);
      case "audit":
        return await auditCommand(rest, out, err);
      case "demo":
        return await demoCommand(rest, out, err);
      case "backtest":
        return await backtestCommand(rest, out, err);
      case "schema":
        return schemaCommand(out);
      // The server (src/cli/start-command.ts).
      case "start":
        return await startCommand(rest, out);
      case "help":
      case "--help":
      case "-h":
        out.write(USAGE);
        return 0;
      case undefined:
        err.write(USAGE);
        return 2;
      default:
        err.write(`unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    err.write(`agent-guardrails ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** `agent-guardrails audit | head` closes the pipe early: that ends the output, it is not a crash. */
function exitQuietlyOnBrokenPipe(stream: NodeJS.WriteStream): void {
  if (stream.listenerCount("error") > 0) return;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}
