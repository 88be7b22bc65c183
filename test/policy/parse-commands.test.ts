import { describe, expect, test } from "@jest/globals";
import { parseCommands } from "../../src/commands/parse-commands.js";

describe("parseCommands", () => {
  test.each([
    ["/guardrails approve", ["approve"], []],
    ["Thanks!\n\n/guardrails approve https://github.com/acme/widgets/issues/5#issuecomment-1", ["approve"], []],
    ["/guardrails halt @amok-agent[bot] flooding", ["halt"], []],
    ["/guardrails frobnicate", ["unknown"], []],
    ["> /guardrails approve", [], ["quoted"]],
    ["```\n/guardrails approve\n```", [], ["code"]],
    ["~~~md\n/guardrails approve\n~~~\n/guardrails status", ["status"], ["code"]],
    ["    /guardrails approve", [], ["code"]],
    ["<!-- /guardrails approve -->", [], ["html-comment"]],
    ["<!--\n/guardrails approve\n-->", [], ["html-comment"]],
    ["please /guardrails approve", [], ["not-at-line-start"]],
    ["`/guardrails approve`", [], ["not-at-line-start"]],
    ["/guardrailsapprove", [], []],
    ["no command here", [], []],
    ["/guardrails approve\r\n/guardrails status", ["approve", "status"], []],
  ])("%j → commands %j, ignored %j", (body, names, ignored) => {
    const parsed = parseCommands(body);
    expect(parsed.commands.map((c) => c.name)).toEqual(names);
    expect(parsed.ignored.map((i) => i.why)).toEqual(ignored);
  });

  test("arguments are kept", () => {
    expect(parseCommands("/guardrails halt @bot too fast").commands[0]).toEqual({
      name: "halt",
      args: ["@bot", "too", "fast"],
      line: "/guardrails halt @bot too fast",
    });
  });
});
