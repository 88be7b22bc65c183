import { describe, expect, test } from "@jest/globals";
import { Writable } from "node:stream";
import { pino } from "pino";
import { pinoHttp } from "pino-http";
import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { redactRequestHeaders } from "../../src/web/redact-request-headers.js";

describe("credentials in Probot's request log", () => {
  test("pino-http's request line shows the Authorization and Cookie headers as [redacted], the others as sent", async () => {
    const lines: string[] = [];
    const log = pino({ level: "info" }, new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }));
    redactRequestHeaders(log);
    const http = pinoHttp({ logger: log.child({ name: "http" }) });
    const req = new IncomingMessage(new Socket());
    req.method = "GET";
    req.url = "/guardrails/api/audit";
    req.headers = { authorization: "Bearer secret-dashboard-token", cookie: "guardrails_session=abc.def", accept: "text/csv" };
    const res = new ServerResponse(req);
    http(req, res);
    res.end();
    res.emit("finish");
    await new Promise((r) => setImmediate(r));
    const text = lines.join("");
    expect(text).toContain('"authorization":"[redacted]"');
    expect(text).toContain('"cookie":"[redacted]"');
    expect(text).toContain('"accept":"text/csv"');
    expect(text).not.toContain("secret-dashboard-token");
    expect(text).not.toContain("abc.def");
    // The request itself still carries them (the dashboard reads them).
    expect(req.headers.authorization).toBe("Bearer secret-dashboard-token");
  });
});
