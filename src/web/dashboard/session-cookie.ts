import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** What a signed-in person's cookie says (signed, not secret: no token is ever in it). */
export interface Session {
  /** Random id: names the server-side GitHub token and derives the CSRF token. */
  sid: string;
  kind: "token" | "github";
  /** The GitHub user (github sessions). */
  login?: string;
  userId?: number;
  /** Expiry, ms since the epoch. */
  exp: number;
}

export const SESSION_COOKIE = "guardrails_session";
/** Sessions last a working day. */
export const SESSION_MS = 12 * 60 * 60 * 1000;

export function newSessionId(): string {
  return randomBytes(18).toString("base64url");
}

/** `payload.signature`, both base64url; the signature is HMAC-SHA256 over the payload. */
export function signSession(key: Buffer, session: Session): string {
  const payload = Buffer.from(JSON.stringify(session)).toString("base64url");
  return `${payload}.${mac(key, `session:${payload}`)}`;
}

/** The session a cookie value carries, when its signature is right and it has not expired. */
export function verifySession(key: Buffer, value: string | undefined, now: Date): Session | null {
  if (!value) return null;
  const [payload, signature, extra] = value.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  if (!sameText(signature, mac(key, `session:${payload}`))) return null;
  try {
    const session = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Session;
    if (typeof session.sid !== "string" || typeof session.exp !== "number" || session.exp <= now.getTime()) return null;
    if (session.kind !== "token" && session.kind !== "github") return null;
    return session;
  } catch {
    return null;
  }
}

/** The CSRF token of a session: forms carry it, POSTs are refused without it. */
export function csrfToken(key: Buffer, sid: string): string {
  return mac(key, `csrf:${sid}`);
}

/** A signed value for the OAuth `state` (bound to the browser by a cookie holding the same nonce). */
export function mac(key: Buffer, text: string): string {
  return createHmac("sha256", key).update(text).digest("base64url");
}

/** Constant-time comparison of two texts (timingSafeEqual over their SHA-256 MACs, so lengths never leak). */
export function sameText(a: string, b: string): boolean {
  const key = Buffer.from("compare");
  return timingSafeEqual(createHmac("sha256", key).update(a).digest(), createHmac("sha256", key).update(b).digest());
}

/** Cookies of a request, by name (the first of a repeated name). */
export function readCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at < 0) continue;
    const name = part.slice(0, at).trim();
    if (name && !(name in out)) out[name] = part.slice(at + 1).trim();
  }
  return out;
}

/** A Set-Cookie value: HttpOnly, SameSite=Strict, path /guardrails, Secure when served over https. */
export function cookie(name: string, value: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  return [
    `${name}=${value}`,
    "Path=/guardrails",
    "HttpOnly",
    "SameSite=Strict",
    `Max-Age=${options.maxAgeSeconds}`,
    ...(options.secure ? ["Secure"] : []),
  ].join("; ");
}
