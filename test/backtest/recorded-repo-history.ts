import { Octokit } from "@octokit/rest";
import { readHistory } from "../../src/backtest/read-history.js";
import type { RepoHistory } from "../../src/backtest/repo-history.js";
import { loadRecordedHistory, startReplayServer } from "./replay-server.js";

/** The recorded day of acme/widgets as readHistory reads it from the replay server. */
export async function recordedRepoHistory(): Promise<RepoHistory> {
  const recorded = loadRecordedHistory("acme-widgets.json");
  const server = await startReplayServer(recorded);
  try {
    const octokit = new Octokit({
      baseUrl: server.url,
      auth: "ghp_recorded",
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
    return await readHistory(octokit, {
      owner: "acme",
      repo: "widgets",
      since: new Date(recorded.since),
      until: new Date("2026-11-21T00:00:00.000Z"),
    });
  } finally {
    await server.close();
  }
}
