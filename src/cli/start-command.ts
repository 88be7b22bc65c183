import { fileURLToPath } from "node:url";
import { run } from "probot";
import { readRuntimeEnv } from "../runtime-env.js";
import type { TextOutput } from "./simulate-command.js";

/** What `agent-guardrails start --help` prints. */
export const START_USAGE = `usage: agent-guardrails start [probot run options]

Starts the app's server from the built package (probot run lib/index.js): webhooks at
WEBHOOK_PATH (default /api/github/webhooks), /healthz, /metrics. Configured by the environment
or a .env file in the working directory (see .env.example and docs/deploy.md). Without APP_ID and
a private key, outside production, it serves Probot's setup page on / to register the app.
Options such as --port or --host are passed to probot run.
`;

/** The app module that `probot run` loads: lib/index.js beside lib/cli/. */
const APP_MODULE = fileURLToPath(new URL("../index.js", import.meta.url));

/**
 * `agent-guardrails start`: Probot's server with the app loaded, in this process (its SIGTERM
 * drain is the app's). Resolves once the server listens; the open server keeps the process alive.
 * A refused start (an invalid environment, no secret in production) rejects with one line.
 */
export async function startCommand(args: string[], out: TextOutput): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    out.write(START_USAGE);
    return 0;
  }
  await proposeTheWebhookPath();
  await run([process.execPath, "agent-guardrails", ...args, APP_MODULE]);
  return 0;
}

interface ManifestCreationClass {
  prototype: { getManifest(options: { pkg: unknown; baseUrl: string }): string };
}

/**
 * Probot's setup page (the manifest flow, when no credentials are set) proposes the webhook URL
 * `${baseUrl}/` unless WEBHOOK_PROXY_URL is set, while the app serves webhooks at WEBHOOK_PATH: an
 * app registered that way would get every delivery refused. Its manifest builder is not exported
 * (probot's `exports` names only the root), so it is reached beside the root module, and the URL
 * it builds from the page's own address gets the path. A smee URL is left as it is: smee forwards
 * to the path itself.
 */
async function proposeTheWebhookPath(): Promise<void> {
  const { ManifestCreation } = (await import(new URL("./manifest-creation.js", import.meta.resolve("probot")).href)) as { ManifestCreation: ManifestCreationClass };
  const original = ManifestCreation.prototype.getManifest;
  if ((original as { withWebhookPath?: true }).withWebhookPath) return;
  const withWebhookPath = function (this: unknown, options: { pkg: unknown; baseUrl: string }): string {
    const manifest = JSON.parse(original.call(this, options)) as { hook_attributes?: { url?: string } };
    if (manifest.hook_attributes?.url === `${options.baseUrl}/`) {
      manifest.hook_attributes.url = `${options.baseUrl}${readRuntimeEnv(process.env).WEBHOOK_PATH}`;
    }
    return JSON.stringify(manifest);
  };
  ManifestCreation.prototype.getManifest = Object.assign(withWebhookPath, { withWebhookPath: true as const });
}
