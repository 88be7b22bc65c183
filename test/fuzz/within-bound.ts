import { expect } from "@jest/globals";

/**
 * The per-call time bound of the fuzz tests: a safety bound against catastrophic backtracking
 * and blow-ups (which cost seconds to minutes), not a speed goal; generous enough for inputs up
 * to 100 KB on a loaded 2-core machine.
 */
export const PER_CALL_MS = 1000;

/** Runs `call`, asserts it returned within PER_CALL_MS, and returns its result. */
export function withinBound<T>(call: () => T): T {
  const started = performance.now();
  const result = call();
  expect(performance.now() - started).toBeLessThan(PER_CALL_MS);
  return result;
}

/** The same for a call that returns a promise. */
export async function withinBoundAsync<T>(call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await call();
  expect(performance.now() - started).toBeLessThan(PER_CALL_MS);
  return result;
}

/** Inputs of the "large" properties stop at this many UTF-16 units (about 100 KB). */
export const LARGE_INPUT = 100_000;
