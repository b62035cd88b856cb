/**
 * A concurrency limit: at most `max` calls in flight; one more is refused at once rather than
 * queued, so a hung service cannot take every connection and all the memory of the BFF.
 */
export class Bulkhead {
  private active = 0;

  constructor(readonly max: number) {}

  /** Calls in flight. */
  get inFlight(): number {
    return this.active;
  }

  /** Takes a slot; `false` when full. Each `true` must be paired with one {@link release}. */
  tryAcquire(): boolean {
    if (this.active >= this.max) return false;
    this.active++;
    return true;
  }

  /** Gives a slot back. */
  release(): void {
    this.active--;
  }
}
