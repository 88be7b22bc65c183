/** Deliveries handled by this process, by event and outcome: the `/metrics` counters. */
export class DeliveryCounter {
  private readonly counts = new Map<string, number>();

  add(event: string, outcome: string): void {
    const key = `${event}\u0000${outcome}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** [event, outcome, count] rows, sorted. */
  rows(): [string, string, number][] {
    return [...this.counts]
      .map(([key, n]): [string, string, number] => {
        const [event, outcome] = key.split("\u0000") as [string, string];
        return [event, outcome, n];
      })
      .sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
  }
}
