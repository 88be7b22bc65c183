import type { ConfigPullRequestVerbs } from "./github-adapter.js";
import { errorText, guard, statusOf } from "./guard.js";
import type { OctokitLike } from "./octokit-adapter.js";
import { toGitHubError } from "./to-github-error.js";

/**
 * The Octokit side of `ConfigPullRequestVerbs`: how `/guardrails promote|demote` opens its pull
 * request against the config file. Its own file beside the adapter (which is long enough).
 * https://docs.github.com/en/rest/repos/contents#create-or-update-file-contents
 */
export function createConfigPullRequestVerbs(octokit: OctokitLike): ConfigPullRequestVerbs {
  const openFrom = async (repo: { owner: string; repo: string }, head: string, base: string) => {
    // `head` must be `owner:branch` to filter (a bare branch name is ignored by GitHub).
    const { data } = await guard(() =>
      octokit.request("GET /repos/{owner}/{repo}/pulls", { ...repo, head: `${repo.owner}:${head}`, base, state: "open" }),
    );
    return data[0];
  };
  return {
    async getDefaultBranch(repo) {
      const { data } = await guard(() => octokit.request("GET /repos/{owner}/{repo}", { ...repo }));
      const name = data.default_branch;
      const { data: ref } = await guard(() =>
        octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...repo, ref: `heads/${name}` }),
      );
      return { name, sha: ref.object.sha };
    },

    async getFileForUpdate(repo, path, ref) {
      try {
        const { data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
          ...repo,
          path,
          ...(ref !== undefined ? { ref } : {}),
        });
        if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return null;
        return { text: Buffer.from(data.content, "base64").toString("utf8"), sha: data.sha };
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw toGitHubError(error);
      }
    },

    async ensureBranch(repo, branch, sha) {
      try {
        await octokit.request("POST /repos/{owner}/{repo}/git/refs", { ...repo, ref: `refs/heads/${branch}`, sha });
        return { created: true };
      } catch (error) {
        if (statusOf(error) === 422 && /reference already exists/i.test(errorText(error))) return { created: false };
        throw toGitHubError(error);
      }
    },

    async putFile(repo, input) {
      const { data } = await guard(() =>
        octokit.request("PUT /repos/{owner}/{repo}/contents/{path}", {
          ...repo,
          path: input.path,
          message: input.message,
          content: Buffer.from(input.text, "utf8").toString("base64"),
          branch: input.branch,
          ...(input.sha !== undefined ? { sha: input.sha } : {}),
        }),
      );
      return { commitSha: data.commit.sha ?? "" };
    },

    async ensurePullRequest(repo, input) {
      const open = await openFrom(repo, input.head, input.base);
      if (open) return { number: Number(open.number), url: open.html_url, created: false, headSha: open.head.sha };
      try {
        const { data } = await octokit.request("POST /repos/{owner}/{repo}/pulls", { ...repo, ...input });
        return { number: Number(data.number), url: data.html_url, created: true, headSha: data.head.sha };
      } catch (error) {
        // Opened since the look-up (a lost answer's first attempt): read it as found.
        if (statusOf(error) === 422 && /pull request already exists/i.test(errorText(error))) {
          const found = await openFrom(repo, input.head, input.base);
          if (found) return { number: Number(found.number), url: found.html_url, created: false, headSha: found.head.sha };
        }
        throw toGitHubError(error);
      }
    },
  };
}
