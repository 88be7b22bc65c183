import type { IncomingMessage } from "node:http";

/** GitHub caps webhook payloads at 25 MB: a larger body is not from GitHub. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

/** The body exceeded the cap: answered 413, the rest of it is never read. */
export class BodyTooLargeError extends Error {
  readonly status = 413;
  constructor(readonly limit: number) {
    super(`payload larger than ${limit} bytes (GitHub sends at most 25 MB)`);
  }
}

/**
 * Reads a request body into memory up to `limit` bytes. Written here rather than with a body
 * parser because the cap must hold while streaming (a chunked body has no Content-Length) and
 * the raw bytes must stay untouched for the signature check. A declared length over the cap is
 * refused before a byte is read; an undeclared one is counted and cut off at the cap.
 */
export function readCappedBody(req: IncomingMessage, limit = MAX_WEBHOOK_BYTES): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        chunks.length = 0;
        // Stop reading: what was read is dropped, the socket is drained and closed by the answer.
        req.pause();
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => {
      if (size <= limit) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    req.once("error", reject);
  });
}
