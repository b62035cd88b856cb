import { IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import type { ServerResponse } from 'node:http';

/** Why a request was refused early. */
export type ShedReason = 'in_flight' | 'event_loop_lag';

/** The thresholds past which new requests are refused. */
export interface LoadSheddingLimits {
  /** Concurrent requests being served. */
  maxInFlight: number;
  /** Mean event-loop delay over the last sample window, in milliseconds. */
  maxLagMs: number;
}

/**
 * Envoy's overload manager in small: counts requests in flight and samples the event-loop delay,
 * so an overloaded BFF answers 503 at once instead of timing out late for everyone.
 *
 * @example
 * const shedder = new LoadShedder({ maxInFlight: 5000, maxLagMs: 500 });
 * shedder.start();
 * const reason = shedder.admit(reply.raw); // undefined: serve; otherwise answer 503
 */
export class LoadShedder {
  private inFlight = 0;
  private lagging = false;
  private readonly delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private timer?: NodeJS.Timeout;
  private readonly finished = () => this.inFlight--;

  /** @param sampleMs length of one event-loop sample window */
  constructor(
    private readonly limits: LoadSheddingLimits,
    private readonly sampleMs = 500,
  ) {}

  /** Starts sampling the event-loop delay. */
  start(): void {
    this.delay.enable();
    this.timer = setInterval(() => this.sample(), this.sampleMs).unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.delay.disable();
  }

  /** Requests currently admitted and not yet closed. */
  get current(): number {
    return this.inFlight;
  }

  /**
   * Admits the request whose response is `response` (counted until the response closes, whether it
   * finished or the client went away), or says why it must be refused.
   */
  admit(response: ServerResponse): ShedReason | undefined {
    if (this.inFlight >= this.limits.maxInFlight) return 'in_flight';
    if (this.lagging) return 'event_loop_lag';
    this.inFlight++;
    // 'close' comes exactly once per response: `on` spares the wrapper `once` would allocate per request.
    response.on('close', this.finished);
    return undefined;
  }

  /** Takes one sample window: lagging when its mean delay passed the threshold. */
  sample(): void {
    this.lagging = this.delay.count > 0 && this.delay.mean / 1e6 > this.limits.maxLagMs;
    this.delay.reset();
  }
}
