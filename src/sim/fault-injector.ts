import type { Fault } from "./scenario.js";

/**
 * Picks the world's fault for a request, if any, counting `times` down: each fault's `match` is a
 * regular expression tested against `"METHOD PATH"` (REST, path without query) or the GraphQL
 * operation (`convertPullRequestToDraft`). The first fault that matches and has times left wins.
 */
export function createFaultInjector(faults: readonly Fault[] = []): (subject: string) => Fault | undefined {
  const rules = faults.map((fault) => ({ fault, pattern: new RegExp(fault.match), left: fault.times ?? Number.POSITIVE_INFINITY }));
  return (subject) => {
    const rule = rules.find((r) => r.left > 0 && r.pattern.test(subject));
    if (rule === undefined) return undefined;
    rule.left--;
    return rule.fault;
  };
}
