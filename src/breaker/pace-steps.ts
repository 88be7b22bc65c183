/**
 * When the i-th containment step may go out: GitHub allows about 80 content-creating requests a
 * minute and 500 an hour per installation, so steps go in batches of 80 a minute, and past 500
 * into the next hour. Retry-after answers still push individual steps later (the executor).
 */
export function paceSteps(start: Date, index: number): Date {
  const hour = Math.floor(index / 500);
  const minute = Math.floor((index % 500) / 80);
  return new Date(start.getTime() + hour * 3_600_000 + minute * 60_000);
}
