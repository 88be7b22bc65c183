import { fileURLToPath } from "node:url";
import { run } from "probot";
import { readRuntimeEnv } from "../runtime-env.js";

/** What `agent-guardrails start --help` prints. */
export const START_USAGE = `usage: agent-guardrails start [--port N] [--host HOST] [probot run options]

Starts the app's server from the built package (probot run lib/index.js): webhooks at
WEBHOOK_PATH (default /api/github/webhooks), /healthz, /metrics. Configured by the environment
or a .env file in the working directory (see .env.example and docs/deploy.md). Without APP_ID and
a private key, outside production, it serves Probot's setup page on / to register the app.
The options are probot run's, passed to it (each also has its environment variable):
  -p, --port N               PORT (default 3000)        -H, --host HOST        HOST
  -W, --webhook-proxy URL    WEBHOOK_PROXY_URL (smee)   -w, --webhook-path P   WEBHOOK_PATH
  -a, --app ID               APP_ID                     -P, --private-key FILE PRIVATE_KEY_PATH
  -s, --secret SECRET        WEBHOOK_SECRET             --base-url URL         GitHub's API (GHE_HOST)
  -L, --log-level LEVEL      LOG_LEVEL                  --log-format pretty|json  LOG_FORMAT
  --log-level-in-string, --log-message-key KEY, --sentry-dsn DSN, --redis-url URL
Exit status: runs until stopped (SIGTERM drains); 1 a refused start (an invalid environment).
`;

/** probot run's options (probot/lib/bin/read-cli-options.js), so that main can check them and start hand them on. */
export const START_OPTIONS = {
  port: { type: "string", short: "p" },
  host: { type: "string", short: "H" },
  "webhook-proxy": { type: "string", short: "W" },
  "webhook-path": { type: "string", short: "w" },
  app: { type: "string", short: "a" },
  secret: { type: "string", short: "s" },
  "private-key": { type: "string", short: "P" },
  "log-level": { type: "string", short: "L" },
  "log-format": { type: "string" },
  "log-level-in-string": { type: "boolean" },
  "log-message-key": { type: "string" },
  "sentry-dsn": { type: "string" },
  "redis-url": { type: "string" },
  "base-url": { type: "string" },
} as const;

/** The app module that `probot run` loads: lib/index.js beside lib/cli/. */
const APP_MODULE = fileURLToPath(new URL("../index.js", import.meta.url));

/**
 * `agent-guardrails start` (its options checked by main): Probot's server with the app loaded, in this process (its SIGTERM
 * drain is the app's). Resolves once the server listens; the open server keeps the process alive.
 * A refused start (an invalid environment, no secret in production) rejects with one line.
 */
export async function startCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  await proposeTheWebhookPath(env);
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
async function proposeTheWebhookPath(env: NodeJS.ProcessEnv): Promise<void> {
  const { ManifestCreation } = (await import(new URL("./manifest-creation.js", import.meta.resolve("probot")).href)) as {
    ManifestCreation: ManifestCreationClass;
  };
  const original = ManifestCreation.prototype.getManifest;
  if ((original as { withWebhookPath?: true }).withWebhookPath) return;
  const withWebhookPath = function (this: unknown, options: { pkg: unknown; baseUrl: string }): string {
    const manifest = JSON.parse(original.call(this, options)) as { hook_attributes?: { url?: string } };
    if (manifest.hook_attributes?.url === `${options.baseUrl}/`) {
      manifest.hook_attributes.url = `${options.baseUrl}${readRuntimeEnv(env).WEBHOOK_PATH}`;
    }
    return JSON.stringify(manifest);
  };
  ManifestCreation.prototype.getManifest = Object.assign(withWebhookPath, { withWebhookPath: true as const });
}
