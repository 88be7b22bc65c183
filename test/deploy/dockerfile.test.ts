/**
 * The Dockerfile's facts, checked statically (no Docker engine runs where the tests run): two
 * stages, the runtime one with production dependencies only, a non-root user, a HEALTHCHECK on a
 * route the app serves, and a start command that exists in the package.
 */
import { describe, expect, test } from "@jest/globals";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { COMMANDS } from "../../src/cli/commands.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
/** Instructions with their continuation lines joined, comments dropped. */
const instructions = dockerfile
  .replace(/\\\n\s*/g, " ")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line !== "" && !line.startsWith("#"));
const stages = instructions.filter((line) => /^FROM /i.test(line));
const runtime = instructions.slice(instructions.lastIndexOf(stages[stages.length - 1]!));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { bin: Record<string, string> };

describe("the Dockerfile", () => {
  test("builds in one stage and runs in another with production dependencies only", () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/ AS build$/i);
    expect(runtime.some((line) => /npm ci .*--omit=dev/.test(line))).toBe(true);
    expect(runtime.some((line) => /^COPY --from=build \/app\/lib /.test(line))).toBe(true);
    expect(runtime.some((line) => /^COPY src /.test(line))).toBe(false);
  });

  test("runs as a user that is not root", () => {
    const user = runtime.filter((line) => /^USER /i.test(line)).pop();
    expect(user).toBeDefined();
    expect(user!.split(/\s+/)[1]).not.toMatch(/^(root|0)(:|$)/);
  });

  test("checks its health on /healthz, a route the app serves", () => {
    const healthcheck = runtime.find((line) => /^HEALTHCHECK /i.test(line));
    expect(healthcheck).toContain("/healthz");
    expect(readFileSync(join(root, "src/web/add-web-routes.ts"), "utf8")).toContain('path !== "/healthz"');
  });

  test("starts with `agent-guardrails start`, a command of the package's bin", () => {
    const cmd = runtime.filter((line) => /^CMD /i.test(line)).pop();
    const argv = JSON.parse(cmd!.slice(4)) as string[];
    expect(argv.slice(1)).toEqual([pkg.bin["agent-guardrails"], "start"]);
    expect(existsSync(join(root, argv[1]!))).toBe(true);
    expect(COMMANDS.map((command) => command.name)).toContain("start");
  });

  test("the files the built app reads at run time are copied", () => {
    for (const path of ["bin", "app.yml", "src/sim/spec", "examples"])
      expect(runtime.some((line) => line.startsWith(`COPY ${path} `))).toBe(true);
  });
});
