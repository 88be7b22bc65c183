import { afterEach, describe, expect, test } from "@jest/globals";
import type { PipelineDeps } from "../../src/pipeline-deps.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { refShaKey } from "../../src/webhooks/agent-commits.js";
import { rememberRefSha } from "../../src/webhooks/remember-ref-sha.js";
import { accounts, pullRequestEvent, pushEvent } from "../fixtures/webhook-examples.js";

const AGENTS = ["copilot-swe-agent[bot]"];
const AFTER = "a".repeat(40);
const BEFORE = "b".repeat(40);
let store: Store | undefined;

afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function remember(name: string, payload: Record<string, unknown>): Promise<Store> {
  store ??= await openStore(":memory:");
  const deps = { store, clock: () => new Date("2026-11-20T09:00:00Z"), appLogin: "agent-guardrails[bot]" } as unknown as PipelineDeps;
  await rememberRefSha(deps, { id: "d1", name, payload }, AGENTS);
  return store;
}

describe("the last sha the app saw a branch at (what a branch the agent deleted is restored at)", () => {
  test.each([
    [
      "an agent's push to a branch: its after",
      "push",
      pushEvent(accounts.agent, { before: BEFORE, after: AFTER, ref: "refs/heads/feature" }),
      "feature",
      AFTER,
    ],
    [
      "a human's push: nothing written",
      "push",
      pushEvent(accounts.dev, { before: BEFORE, after: AFTER, ref: "refs/heads/feature" }),
      "feature",
      undefined,
    ],
    [
      "an agent's push deleting the branch: nothing",
      "push",
      { ...pushEvent(accounts.agent, { before: BEFORE, after: "0".repeat(40), ref: "refs/heads/feature" }), deleted: true },
      "feature",
      undefined,
    ],
    ["a tag push: not a branch", "push", pushEvent(accounts.agent, { before: BEFORE, after: AFTER, ref: "refs/tags/v1" }), "v1", undefined],
  ])("%s", async (_row, name, payload, branch, sha) => {
    const s = await remember(name, payload);
    expect((await s.getCachedFile(refShaKey("acme/widgets", branch)))?.text ?? undefined).toBe(sha);
  });

  test("an agent's PR head in this repository; a human's PR from a fork is not", async () => {
    const pr = pullRequestEvent("opened", accounts.agent, accounts.agent, (p) => {
      p.pull_request.head.ref = "copilot/fix";
      p.pull_request.head.repo = { ...p.repository };
    });
    const s = await remember("pull_request", pr);
    expect((await s.getCachedFile(refShaKey("acme/widgets", "copilot/fix")))?.text).toBe("42aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    const fork = pullRequestEvent("opened", accounts.dev, accounts.dev, (p) => {
      p.pull_request.head.ref = "dev-branch";
      p.pull_request.head.repo = { ...p.repository, full_name: "dev/widgets" };
    });
    await remember("pull_request", fork);
    expect(await s.getCachedFile(refShaKey("acme/widgets", "dev-branch"))).toBeNull();
  });
});
