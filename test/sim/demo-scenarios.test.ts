import { beforeAll, describe, expect, test } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { WRITE_LIMITS } from "../../src/effects/write-budget.js";
import { runScenario, type SimulationResult } from "../../src/sim/run-scenario.js";
import { parseScenario } from "../../src/sim/scenario.js";
import type { AuditRow } from "../../src/store/store.js";
import { describeInvalid } from "../app/stand-in-harness.js";

/**
 * The demo's acts 2 and 3 (examples/scenarios/demo-act2-runaway.jsonl, demo-act3-resume-undo.jsonl)
 * tell the story they claim: a runaway agent trips the breaker, the source is stopped first,
 * containment drains within GitHub's write limits, one incident opens; `--undo` gives it all back.
 */
const directory = fileURLToPath(new URL("../../examples/scenarios/", import.meta.url));
const read = (name: string) => readFileSync(join(directory, name), "utf8");
const INCIDENT = "/repos/acme/widgets/issues";

let act2: SimulationResult;
let act3: SimulationResult;
beforeAll(async () => {
  act2 = await runScenario(parseScenario(read("demo-act2-runaway.jsonl")));
  act3 = await runScenario(parseScenario(read("demo-act3-resume-undo.jsonl")));
}, 60_000);

const applied = (result: SimulationResult, kind: string) =>
  result.audit.filter((row) => row.action === `effect.${kind}` && row.verdict === "applied");
const tripAt = () => Date.parse(act2.trips[0]!.at);

/** The most applied effects inside any window of `ms` ending at one of them. */
function busiestWindow(rows: AuditRow[], ms: number): number {
  const times = rows.map((row) => Date.parse(row.at));
  return Math.max(0, ...times.map((t) => times.filter((u) => u > t - ms && u <= t).length));
}

describe("the demo's scenarios", () => {
  test("are what scripts/write-demo-scenarios.mjs writes, and act 3 begins with act 2", () => {
    const out = mkdtempSync(join(tmpdir(), "demo-scenarios-"));
    try {
      execFileSync(process.execPath, [fileURLToPath(new URL("../../scripts/write-demo-scenarios.mjs", import.meta.url)), out]);
      for (const name of ["demo-act2-runaway.jsonl", "demo-act3-resume-undo.jsonl"])
        expect(readFileSync(join(out, name), "utf8")).toBe(read(name));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    expect(read("demo-act3-resume-undo.jsonl").startsWith(read("demo-act2-runaway.jsonl"))).toBe(true);
  });
});

describe("act 2: a runaway agent", () => {
  test("trips the breaker once, on a limit (burst or rate)", () => {
    expect(act2.trips).toHaveLength(1);
    expect(act2.trips[0]).toMatchObject({ actor: "Copilot" });
    expect(["burst", "rate"]).toContain(act2.trips[0]!.reason);
  });

  test("every request valid, nothing left pending", () => {
    expect(describeInvalid(act2.invalid)).toEqual([]);
    expect(act2.pending).toEqual([]);
  });

  test("the source is stopped first: unassigned before any containment step", () => {
    const effects = act2.audit.filter((row) => row.action.startsWith("effect.") && Date.parse(row.at) >= tripAt());
    const unassign = effects.findIndex((row) => row.action === "effect.unassign_agent");
    expect(unassign).toBeGreaterThanOrEqual(0);
    expect(effects[unassign]!.detail.unassigned).toEqual(expect.arrayContaining([7, 42]));
    const firstStep = effects.findIndex((row) => row.action === "effect.minimize_comment" || row.action === "effect.close_issue");
    expect(unassign).toBeLessThan(firstStep);
    expect(act2.requests.filter((r) => r.method === "DELETE" && /\/issues\/(7|42)\/assignees$/.test(r.path)).map((r) => r.body)).toEqual([
      { assignees: ["Copilot"] },
      { assignees: ["Copilot"] },
    ]);
  });

  test("containment applies its steps: every comment allowed before the trip hidden, every issue opened closed", () => {
    const allowedComments = act2.audit
      .filter((row) => row.action === "issue_comment.created" && row.verdict === "allow")
      .map((row) => row.targetNodeId);
    const hidden = act2.requests.filter((r) => r.operation === "minimizeComment").map((r) => r.variables?.subjectId);
    expect(allowedComments.length).toBeGreaterThan(80);
    expect(new Set(hidden)).toEqual(new Set(allowedComments));
    const opened = act2.audit
      .filter((row) => row.action === "issues.opened" && row.actor === "Copilot")
      .map((row) => `${INCIDENT}/${row.targetNumber}`);
    const closed = act2.requests
      .filter((r) => r.method === "PATCH" && (r.body as { state?: string }).state === "closed")
      .map((r) => r.path);
    expect(opened.length).toBeGreaterThan(0);
    expect(new Set(closed)).toEqual(new Set(opened));
    const contained = act2.audit.filter((row) => row.action === "breaker.contained");
    expect(contained).toHaveLength(1);
    expect(contained[0]!.detail.states).toEqual(expect.arrayContaining(["applied"]));
    expect((contained[0]!.detail.states as string[]).every((s) => s === "applied")).toBe(true);
  });

  test("the drain is paced within GitHub's write limits: at most 80 a minute, so it takes more than one minute", () => {
    const effects = act2.audit.filter((row) => row.action.startsWith("effect.") && row.verdict === "applied");
    const minute = WRITE_LIMITS.find((limit) => limit.windowMs === 60_000)!;
    expect(busiestWindow(effects, minute.windowMs)).toBe(minute.count);
    expect(Math.max(...effects.map((row) => Date.parse(row.at))) - tripAt()).toBeGreaterThanOrEqual(60_000);
  });

  test("the incident issue is created once, for the owner, with what a human must do to cut the agent off", () => {
    const created = act2.requests.filter((r) => r.method === "POST" && r.path === INCIDENT);
    expect(created).toHaveLength(1);
    const body = created[0]!.body as { title: string; body: string; labels: string[] };
    expect(body.title).toBe("Agent guardrails tripped: Copilot");
    expect(body.body).toMatch(/^@maint: /);
    expect(body.body).toContain("To cut `Copilot` off for real");
    expect(applied(act2, "ensure_incident_issue").filter((row) => row.detail.created === true)).toHaveLength(1);
  });
});

describe("act 3: resume --undo", () => {
  test("every request valid, nothing left pending, still one incident", () => {
    expect(describeInvalid(act3.invalid)).toEqual([]);
    expect(act3.pending).toEqual([]);
    expect(act3.requests.filter((r) => r.method === "POST" && r.path === INCIDENT)).toHaveLength(1);
    expect(act3.audit.filter((row) => row.action === "breaker.resumed")).toHaveLength(1);
  });

  test("the undo requests: hidden comments shown again, closed issues reopened, the agent assigned again, a reply", () => {
    const resumedAt = act3.audit.find((row) => row.action === "breaker.resumed")!.at;
    const after = act3.requests.slice(
      act3.requests.findIndex((r, i) => i > 0 && r.method === "GET" && r.path === "/repos/acme/widgets/collaborators/maint/permission"),
    );
    const hidden = act3.requests.filter((r) => r.operation === "minimizeComment").map((r) => r.variables?.subjectId);
    const shown = after.filter((r) => r.operation === "unminimizeComment").map((r) => r.variables?.subjectId);
    expect(new Set(shown)).toEqual(new Set(hidden));
    const closed = act3.requests
      .filter((r) => r.method === "PATCH" && (r.body as { state?: string }).state === "closed")
      .map((r) => r.path);
    const reopened = after.filter((r) => r.method === "PATCH" && (r.body as { state?: string }).state === "open").map((r) => r.path);
    expect(new Set(reopened)).toEqual(new Set(closed));
    expect(after.filter((r) => r.method === "POST" && /\/issues\/(7|42)\/assignees$/.test(r.path)).map((r) => r.body)).toEqual([
      { assignees: ["Copilot"] },
      { assignees: ["Copilot"] },
    ]);
    const reply = after.find((r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues/7/comments");
    expect((reply!.body as { body: string }).body).toContain("Resumed `Copilot` and undid");
    const undoEffects = act3.audit.filter((row) => row.action.startsWith("effect.") && row.verdict === "applied" && row.at >= resumedAt);
    expect(busiestWindow(undoEffects, 60_000)).toBeLessThanOrEqual(80);
  });
});
