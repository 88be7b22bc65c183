import type { RecordedRequest } from "../sim/github-stand-in.js";
import { printable } from "../text/printable.js";

/**
 * One line for a request the app sent to GitHub, with the part of its body that says what it
 * does (a check run's conclusion, the labels added, the start of a comment).
 */
export function describeRequest(request: RecordedRequest): string {
  const line = `${request.method} ${printable(request.path, 120)}`;
  if (request.operation !== undefined) return `${line}  ${request.operation}`;
  const body = typeof request.body === "object" && request.body !== null ? (request.body as Record<string, unknown>) : undefined;
  if (body === undefined) return line;
  if (/\/check-runs$/.test(request.path))
    return `${line}  ${printable(String(body.name), 60)} → ${String(body.conclusion ?? body.status ?? "?")}`;
  if (/\/labels$/.test(request.path) && Array.isArray(body.labels))
    return `${line}  + ${body.labels.map((l) => printable(String(l), 60)).join(", ")}`;
  if (typeof body.body === "string") return `${line}  “${printable(body.body, 80)}”`;
  if (typeof body.state === "string") return `${line}  state=${printable(body.state, 20)}`;
  return line;
}
