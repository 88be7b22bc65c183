import type { Logger } from "pino";

/** The keys every line of a delivery carries, read from its payload (the base logger redacts). */
export function deliveryLog(base: Logger, id: string, name: string, payload: unknown): Logger {
  const p = (payload ?? {}) as {
    action?: string;
    sender?: { login?: string };
    repository?: { full_name?: string };
    installation?: { id?: number };
  };
  return base.child({
    deliveryId: id,
    event: name,
    repo: p.repository?.full_name,
    installationId: p.installation?.id,
    actor: p.sender?.login,
    action: p.action ? `${name}.${p.action}` : name,
  });
}
