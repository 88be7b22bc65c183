/**
 * Probot silently verifies webhooks against the secret "development" when WEBHOOK_SECRET is
 * unset: anyone could then forge deliveries. In production that is refused at start-up.
 */
export function requireWebhookSecret(env: NodeJS.ProcessEnv): void {
  const secret = env.WEBHOOK_SECRET;
  if (env.NODE_ENV === "production" && (!secret || secret === "development")) {
    throw new Error("WEBHOOK_SECRET must be set to the GitHub App's webhook secret in production (refusing to start).");
  }
}
