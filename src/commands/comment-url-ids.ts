/**
 * Comment ids named by URLs in a command (`/guardrails approve <url>`): the anchors GitHub uses
 * for issue/PR comments (`#issuecomment-N`), review comments (`#discussion_rN`), discussion
 * comments (`#discussioncomment-N`), review summaries (`#pullrequestreview-N`) and commit
 * comments (`#commitcomment-N`). Pure.
 */
export function commentUrlIds(args: readonly string[]): number[] {
  const ids: number[] = [];
  for (const arg of args) {
    const match = /#(?:issuecomment-|discussion_r|discussioncomment-|pullrequestreview-|commitcomment-)(\d+)\b/.exec(arg);
    if (match) ids.push(Number(match[1]));
  }
  return ids;
}
