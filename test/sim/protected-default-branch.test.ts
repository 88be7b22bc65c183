import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { runScenario } from "../../src/sim/run-scenario.js";
import { parseScenario } from "../../src/sim/scenario.js";

const scenario = parseScenario(
  readFileSync(new URL("../../examples/scenarios/agent-pushes-to-protected-main.jsonl", import.meta.url), "utf8"),
);

/**
 * Default branches are usually protected, and GitHub refuses to move a protected ref directly
 * (422 "Protected branch update failed"): the agent's push is undone by a revert pull request
 * that carries the revert commit, never by an orphan commit, and the incident says a human must
 * merge it.
 */
describe("scenario: an agent pushes to a protected default branch", () => {
  test("the ref update is refused, the revert goes out as a pull request, and the incident says a human must merge it", async () => {
    const result = await runScenario(scenario);
    expect(result.invalid).toEqual([]);
    expect(result.pending).toEqual([]);
    expect(result.trips).toEqual([{ actor: "copilot-swe-agent[bot]", reason: "push_default_branch", at: "2026-11-20T09:00:00.000Z" }]);

    const git = result.requests.filter((r) => /\/git\/|\/pulls$/.test(r.path)).map((r) => `${r.status} ${r.method} ${r.path}`);
    expect(git).toEqual([
      "200 GET /repos/acme/widgets/git/ref/heads/main",
      "200 GET /repos/acme/widgets/git/commits/1111111111111111111111111111111111111111",
      "201 POST /repos/acme/widgets/git/commits",
      "422 PATCH /repos/acme/widgets/git/refs/heads/main",
      // The revert branch (and then its PR) is looked up before it is created, for a retry's sake.
      "404 GET /repos/acme/widgets/git/ref/heads/agent-guardrails/revert-2222222",
      "201 POST /repos/acme/widgets/git/refs",
      "201 POST /repos/acme/widgets/pulls",
    ]);
    // The one revert commit is the tip of the revert branch: nothing is left unreferenced.
    const branch = result.requests.find((r) => r.method === "POST" && r.path === "/repos/acme/widgets/git/refs")!.body as {
      ref: string;
      sha: string;
    };
    expect(branch.ref).toBe("refs/heads/agent-guardrails/revert-2222222");
    const pull = result.requests.find((r) => r.method === "POST" && r.path === "/repos/acme/widgets/pulls")!.body as {
      head: string;
      base: string;
      title: string;
    };
    expect(pull).toMatchObject({ head: "agent-guardrails/revert-2222222", base: "main", title: "Revert agent push 2222222 to main" });

    const revert = result.audit.find((row) => row.action === "effect.revert_push")!;
    expect(revert.verdict).toBe("applied");
    expect(revert.reasons[0]).toBe(
      "applied revert_push: revert PR #1 opened, a human must merge it (https://github.com/acme/widgets/pull/1)",
    );
    const incident = result.requests.filter((r) => r.method === "PATCH" && r.path === "/repos/acme/widgets/issues/2").at(-1)!.body as {
      body: string;
    };
    expect(incident.body).toContain("- `revert_push` acme/widgets@2222222 — **revert PR #1 opened, a human must merge it**");
    expect(incident.body).not.toContain("failed");
  });
});
