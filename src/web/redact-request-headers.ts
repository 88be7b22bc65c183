const PATCHED = Symbol.for("agent-guardrails.redact-request-headers");

/** Request headers that carry credentials: the dashboard token (Bearer) and session cookies. */
const SECRET_HEADERS = ["authorization", "cookie"] as const;

type Child = (this: object, bindings: Record<string, unknown>, options?: unknown) => unknown;

/**
 * Probot's HTTP request log (pino-http, created inside Probot's server before the app loads, with
 * no redaction option reachable from the app) writes every request's headers — a dashboard
 * `Authorization: Bearer` token or session cookie included. pino-http binds the request with
 * `logger.child({ req })` at the start of each request, so the shared pino prototype's `child`
 * is wrapped here, once: a request bound that way is seen with those headers replaced by
 * "[redacted]". Nothing else about any logger changes.
 */
export function redactRequestHeaders(log: object): void {
  let proto: object | null = log;
  while (proto !== null && !Object.hasOwn(proto, "child")) proto = Object.getPrototypeOf(proto) as object | null;
  if (proto === null) return;
  const target = proto as { child: Child; [PATCHED]?: true };
  if (target[PATCHED]) return;
  const original = target.child;
  target.child = function child(bindings, options) {
    return original.call(this, redactedBindings(bindings), options);
  };
  target[PATCHED] = true;
}

function redactedBindings(bindings: Record<string, unknown>): Record<string, unknown> {
  const req = bindings?.req as { headers?: Record<string, unknown> } | undefined;
  const headers = req !== null && typeof req === "object" ? req.headers : undefined;
  if (!headers || !SECRET_HEADERS.some((h) => headers[h] !== undefined)) return bindings;
  const shown = { ...headers };
  for (const h of SECRET_HEADERS) if (shown[h] !== undefined) shown[h] = "[redacted]";
  return { ...bindings, req: new Proxy(req as object, { get: (t, p) => (p === "headers" ? shown : Reflect.get(t, p, t)) }) };
}
