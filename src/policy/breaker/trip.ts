/** Why a breaker tripped: a `breaker.trip_on` condition, a forbidden write, or a maintainer's halt. */
export type TripReason =
  "rate" | "burst" | "scope" | "protected" | "blast_radius" | "merge" | "push_default_branch" | "loop" | "tamper" | "manual";

/** A trip the policy asks for: the pipeline makes it real with a compare-and-set in the store. */
export interface Trip {
  /** The agent whose breaker trips, or "*" for a global halt. */
  agent: string;
  reason: TripReason;
  /** What was observed, for the incident issue. */
  evidence: string;
  /** `repo`: the breaker of this repository only (a per-repo limit, `halt --repo`); else org-wide. */
  scope?: "org" | "repo";
}
