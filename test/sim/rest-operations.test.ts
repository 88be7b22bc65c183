import { readFileSync } from "node:fs";
import { describe, expect, test } from "@jest/globals";
import { restOperations } from "../../src/sim/rest-operations.js";

const served = JSON.parse(readFileSync(new URL("../../src/sim/spec/served-operations.json", import.meta.url), "utf8")) as string[];

describe("the REST extract (npm run spec:refresh)", () => {
  test("holds exactly the operations served-operations.json lists: edit the list, then refresh", () => {
    expect(Object.keys(restOperations().operations).sort()).toEqual([...served].sort());
    expect(new Set(served).size).toBe(served.length);
  });

  test("names the pinned description it came from, and keeps only what a validator reads (answers only where a test checks them)", () => {
    const { source, operations } = restOperations();
    expect(source).toMatch(/^@octokit\/openapi@\d+\.\d+\.\d+ generated\/api\.github\.com\.deref\.json$/);
    const text = JSON.stringify(operations);
    // Prose is a string value; a body property may itself be called `description` (its schema is an object).
    expect(text).not.toMatch(/"(description|summary)":"|"(example|examples|nullable)":/);
    const withAnswers = Object.keys(operations).filter((key) => operations[key]?.responses !== undefined);
    expect(withAnswers.sort()).toEqual([
      "GET /app/hook/deliveries",
      "GET /app/hook/deliveries/{delivery_id}",
      "POST /app/hook/deliveries/{delivery_id}/attempts",
    ]);
    expect(operations["POST /repos/{owner}/{repo}/check-runs"]).toMatchObject({ operationId: "checks/create", requestBodyRequired: true });
  });
});
