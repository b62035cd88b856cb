/**
 * Request coalescing within one process: while a call for a key is in flight, every other caller
 * for that key waits for the same promise instead of starting its own, so N concurrent misses
 * cost one upstream call. The key is free again as soon as the call settles (either way).
 *
 * @example
 * const { leader, result } = flights.run(key, () => loadFromUpstream());
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  /** Runs `task` unless a call for `key` is in flight; `leader` tells which happened. */
  run(key: string, task: () => Promise<T>): { leader: boolean; result: Promise<T> } {
    const running = this.inFlight.get(key);
    if (running) return { leader: false, result: running };
    const result = Promise.resolve()
      .then(task)
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, result);
    return { leader: true, result };
  }

  /** Whether a call for `key` is in flight. */
  has(key: string): boolean {
    return this.inFlight.has(key);
  }
}
