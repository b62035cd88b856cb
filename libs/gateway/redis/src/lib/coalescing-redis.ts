import Redis, { Command } from 'ioredis';
import type { Duplex } from 'node:stream';

/**
 * An ioredis client whose commands of one turn of the event loop leave in one write: the first
 * command of a turn corks the connection, and the loop's check phase (after every I/O callback of
 * the turn) uncorks it. Under load a BFF decides many requests per turn, and a write system call
 * per command was the largest single cost of Redis rate limiting, in the BFF and in Redis alike
 * (Redis then also reads them in one). Unlike ioredis' auto-pipelining, nothing waits for an
 * earlier batch's answers, and a lone command waits only for the end of its turn. Every command
 * goes through `sendCommand`, so no caller has to ask for it.
 */
export class CoalescingRedis extends Redis {
  private corked: Duplex | undefined;

  override sendCommand(command: Command, stream?: Parameters<Redis['sendCommand']>[1]): unknown {
    // Not before the connection is ready: ioredis' own handshake writes to it alone.
    if (this.corked === undefined && this.status === 'ready') {
      this.corked = this.stream;
      this.corked.cork();
      setImmediate(this.release);
    }
    return super.sendCommand(command, stream);
  }

  private readonly release = (): void => {
    const stream = this.corked;
    this.corked = undefined;
    stream?.uncork();
  };
}
