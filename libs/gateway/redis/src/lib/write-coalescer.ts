import type Redis from 'ioredis';
import type { Duplex } from 'node:stream';

/**
 * Lets the commands a client issues in one turn of the event loop leave in one write: the first
 * {@link WriteCoalescer.hold} of a turn corks the connection and the loop's check phase (after
 * every I/O callback of the turn) uncorks it. Under load a BFF decides many requests per turn, and
 * a write system call per command was the largest single cost of Redis rate limiting, in the BFF
 * and in Redis alike (Redis then also reads them in one). Unlike ioredis' auto-pipelining, nothing
 * waits for an earlier batch's answers, and a lone command waits only for the end of its turn.
 *
 * @example
 * const writes = new WriteCoalescer(redis);
 * writes.hold();
 * const answer = await redis.get(key);
 */
export class WriteCoalescer {
  private corked: Duplex | undefined;

  constructor(private readonly redis: Redis) {}

  /** Holds the connection's writes until the check phase of this turn; nothing while not connected. */
  hold(): void {
    if (this.corked !== undefined || this.redis.status !== 'ready') return;
    this.corked = this.redis.stream;
    this.corked.cork();
    setImmediate(this.release);
  }

  private readonly release = (): void => {
    const stream = this.corked;
    this.corked = undefined;
    stream?.uncork();
  };
}
