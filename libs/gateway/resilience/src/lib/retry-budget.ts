/** Options of a {@link RetryBudget}. */
export interface RetryBudgetOptions {
  /** Retries allowed as a share of requests in the window, default 0.2. */
  ratio?: number;
  /** Retries per second always allowed, however light the traffic, default 3. */
  minPerSecond?: number;
  /** Length of the rolling window, default 10 s (counted in 1 s buckets). */
  windowMs?: number;
}

const BUCKET_MS = 1000;

/**
 * Envoy-style retry budget of one service: within a rolling window, retries may be at most `ratio`
 * of the requests, but never fewer than `minPerSecond` per second of window, so light traffic still
 * gets its retry and a failing service is not hammered by heavy traffic.
 */
export class RetryBudget {
  private readonly ratio: number;
  private readonly floor: number;
  private readonly requests: number[];
  private readonly retries: number[];
  private bucket = -1;

  constructor(options: RetryBudgetOptions = {}) {
    this.ratio = options.ratio ?? 0.2;
    const buckets = Math.max(1, Math.round((options.windowMs ?? 10_000) / BUCKET_MS));
    this.floor = (options.minPerSecond ?? 3) * buckets;
    this.requests = new Array<number>(buckets).fill(0);
    this.retries = new Array<number>(buckets).fill(0);
  }

  /** Counts one incoming request. */
  request(now = Date.now()): void {
    this.requests[this.advance(now)]++;
  }

  /** Takes one retry from the budget; `false` when it is spent (the retry must not happen). */
  tryRetry(now = Date.now()): boolean {
    const slot = this.advance(now);
    let requests = 0;
    let retries = 0;
    for (let i = 0; i < this.requests.length; i++) {
      requests += this.requests[i];
      retries += this.retries[i];
    }
    if (retries >= Math.max(this.floor, requests * this.ratio)) return false;
    this.retries[slot]++;
    return true;
  }

  private advance(now: number): number {
    const bucket = Math.floor(now / BUCKET_MS);
    const size = this.requests.length;
    if (bucket !== this.bucket) {
      for (let b = Math.max(this.bucket + 1, bucket - size + 1); b <= bucket; b++) {
        this.requests[b % size] = 0;
        this.retries[b % size] = 0;
      }
      this.bucket = bucket;
    }
    return bucket % size;
  }
}
