import { describe, expect, test } from "@jest/globals";
import { trustEvidence } from "../../src/commands/trust-evidence.js";
import { AGENT, agentRow, heldComment, resolve, trip } from "../owner/audit-rows.js";

const TO = new Date("2026-11-28T00:00:00Z");
const FROM = new Date(TO.getTime() - 28 * 86_400_000);

describe("trustEvidence: the agent's record for a promote's or demote's pull request", () => {
  test("actions by kind and verdict, reviews of what it was gated on, trips with their incidents", () => {
    const rows = [
      agentRow("2026-11-10T09:00:00Z", "pull_request.opened", "gate"),
      heldComment("2026-11-11T09:00:00Z", 71),
      heldComment("2026-11-12T09:00:00Z", 72),
      resolve("2026-11-11T10:00:00Z", "approved", 71),
      resolve("2026-11-12T10:00:00Z", "rejected", 72),
      ...trip("2026-11-20T09:00:00Z", 1, "rate", []).rows,
    ];
    const lines = trustEvidence(rows, [], AGENT, FROM, TO);
    expect(lines[0]).toMatch(/^\d+ action\(s\) in the last 28 days in acme\/widgets$/);
    expect(lines).toContain("`pull_request.opened`: 1 gate");
    expect(lines.join("\n")).toMatch(/1 approval\(s\) and 1 rejection\(s\) by maintainers, median time to approve 60 min/);
    expect(lines.join("\n")).toMatch(/1 trip\(s\): 2026-11-20T09:00:00Z \(rate\)/);
  });

  test("an agent with no rows: says there is nothing to judge by", () => {
    expect(trustEvidence([], [], AGENT, FROM, TO)).toEqual([`no recorded activity of ${AGENT} in the last 28 days: no record to judge by`]);
  });

  test("another agent's rows are not its evidence", () => {
    const rows = [agentRow("2026-11-10T09:00:00Z", "issue_comment.created", "allow", { actor: "other-agent[bot]" })];
    expect(trustEvidence(rows, [], AGENT, FROM, TO)[0]).toMatch(/no recorded activity/);
  });
});
