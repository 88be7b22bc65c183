import { describe, expect, test } from "@jest/globals";
import { commentUrlIds } from "../../src/commands/comment-url-ids.js";
import { discussionUrlNumbers } from "../../src/commands/discussion-url-numbers.js";

// What `/guardrails approve <url>` names: URL → held comment id, or held discussion number.
describe("held records named by URL", () => {
  test.each([
    ["https://github.com/acme/widgets/issues/7#issuecomment-900", [900], []],
    ["https://github.com/acme/widgets/pull/42#discussion_r901", [901], []],
    ["https://github.com/acme/widgets/discussions/9#discussioncomment-902", [902], []],
    ["https://github.com/acme/widgets/pull/42#pullrequestreview-903", [903], []],
    ["https://github.com/acme/widgets/commit/a1b2c3d#commitcomment-904", [904], []],
    ["https://github.com/acme/widgets/discussions/9", [], [9]],
    ["https://github.com/acme/widgets/discussions/9?sort=new", [], [9]],
    ["https://github.com/acme/widgets/issues/9", [], []],
  ])("%s → comments %j, discussions %j", (url, comments, discussions) => {
    expect(commentUrlIds([url])).toEqual(comments);
    expect(discussionUrlNumbers([url])).toEqual(discussions);
  });
});
