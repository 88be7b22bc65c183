/**
 * Discussion numbers named by URLs in a command (`/guardrails approve …/discussions/N`), without
 * a comment anchor: a held discussion is deleted, so it is approved from another thread by its
 * URL. Pure.
 */
export function discussionUrlNumbers(args: readonly string[]): number[] {
  return args.flatMap((arg) => {
    const match = /\/discussions\/(\d+)(?:[?#](?!discussioncomment-)\S*)?$/.exec(arg);
    return match ? [Number(match[1])] : [];
  });
}
