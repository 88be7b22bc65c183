import type { Fault } from "./scenario.js";

/**
 * Picks the world's fault for a request, if any, counting `times` down: each fault's `match` is a
 * regular expression tested against `"METHOD PATH"` (REST, path without query) or the GraphQL
 * operation (`convertPullRequestToDraft`). The first fault that matches and has times left wins.
 */
export function createFaultInjector(faults: readonly Fault[] = []): (subject: string) => Fault | undefined {
  const rules = faults.map((fault) => ({
    fault,
    pattern: new RegExp(fault.match),
    left: fault.times ?? Number.POSITIVE_INFINITY,
    seen: 0,
  }));
  return (subject) => {
    // `every`: a rule counts each request it matches and fails only every n-th of them.
    const rule = rules.find((r) => r.left > 0 && r.pattern.test(subject) && ++r.seen % (r.fault.every ?? 1) === 0);
    if (rule === undefined) return undefined;
    rule.left--;
    return rule.fault;
  };
}
