import { Pool } from 'undici';

/** How a request ended: the response status, or a connection error (refused, reset, closed). */
export type Outcome = number | 'connection error';

/** One request of the load: the phase it was sent in, and once it ended, how and how fast. */
export interface RequestRecord {
  phase: string;
  outcome?: Outcome;
  latencyMs?: number;
}

const TICK_MS = 5;
const CONNECTIONS = 256;

/**
 * Open-loop load from this process: GETs at a fixed rate whatever the answers take (so a stalled
 * server cannot slow the sending down), each recorded with the phase current when it was sent.
 * A request that neither gets a response nor fails is still pending: the accounting calls it lost.
 */
export class OpenLoopLoad {
  /** Every request sent so far, in sending order. */
  readonly records: RequestRecord[] = [];
  private readonly pool: Pool;
  private answered: RequestRecord[] = [];
  private pending = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    origin: string,
    private readonly path: (sequence: number) => string,
    private readonly rate: number,
    private readonly headers: Record<string, string>,
    private phase: string,
  ) {
    this.pool = new Pool(origin, { connections: CONNECTIONS, keepAliveTimeout: 30_000 });
  }

  /** Starts sending; request `i` is due `i / rate` seconds after this call. */
  start(): void {
    const started = performance.now();
    this.timer = setInterval(() => {
      const due = Math.floor(((performance.now() - started) * this.rate) / 1000);
      while (this.records.length < due) this.send();
    }, TICK_MS);
  }

  /** Requests sent from now on belong to `phase`. */
  enter(phase: string): void {
    this.phase = phase;
  }

  /** Stops sending; requests in flight go on. */
  stop(): void {
    clearInterval(this.timer);
  }

  /** Waits until every request sent has ended, or `timeoutMs` has passed. */
  async settle(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.pending > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  /** The requests that ended since the last call, in the order they ended. */
  takeAnswered(): RequestRecord[] {
    const answered = this.answered;
    this.answered = [];
    return answered;
  }

  /** Drops every connection and any request still pending. */
  async close(): Promise<void> {
    this.stop();
    await this.pool.destroy();
  }

  private send(): void {
    const record: RequestRecord = { phase: this.phase };
    const sequence = this.records.push(record);
    const sent = performance.now();
    this.pending++;
    const end = (outcome: Outcome) => {
      record.outcome = outcome;
      record.latencyMs = performance.now() - sent;
      this.pending--;
      this.answered.push(record);
    };
    this.pool.request({ method: 'GET', path: this.path(sequence), headers: this.headers }).then(
      async ({ statusCode, body }) => {
        await body.dump().catch(() => undefined);
        end(statusCode);
      },
      () => end('connection error'),
    );
  }
}
