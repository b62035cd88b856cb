import { FakeResponse, FakeUpstream, mintToken } from '@bff/gateway-testing';
import { UPSTREAM_BODY } from '../bench/upstream';
import { Child, isListening, sleep } from '../bench/processes';
import { samplesOf } from './prometheus';

/** What an upstream instance does with the requests it receives. */
export type Behaviour = 'ok' | 'hang' | 'unavailable' | 'slow';

const SLOW_MS = 300;

/** The headers of every request of the load: a user token valid longer than any run. */
export const LOAD_HEADERS = { authorization: `Bearer ${mintToken({ sub: 'u-1', ttl: '3h' })}` };

/** `/api/v2/users/<id>` over 100 ids, relayed by web-bff to the users service. */
export const usersPath = (sequence: number): string => `/api/v2/users/u-${sequence % 100}`;

/**
 * One instance of the users service, in this process: counts every request it receives (health
 * probes aside) through `onRequest`, and can be killed, restored on the same port, or told to hang,
 * answer 503 or answer slowly.
 */
export class UpstreamInstance {
  behaviour: Behaviour = 'ok';
  private fake?: FakeUpstream;
  private port = 0;

  private constructor(private readonly onRequest: () => void) {}

  static async start(onRequest: () => void): Promise<UpstreamInstance> {
    const instance = new UpstreamInstance(onRequest);
    await instance.restore();
    return instance;
  }

  /** The instance's address, the same across kill and restore. */
  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stops listening and destroys every open connection, as a crashed process would. */
  async kill(): Promise<void> {
    await this.fake?.close();
  }

  /** Listens (again) on the instance's port, a free one the first time, answering normally. */
  async restore(): Promise<void> {
    this.behaviour = 'ok';
    this.fake = await FakeUpstream.start(() => this.answer(), this.port);
    this.port = this.fake.port;
  }

  /** Forgets the requests the fake recorded (the counts are kept by `onRequest`). */
  forgetRequests(): void {
    if (this.fake) this.fake.requests.length = 0;
  }

  private answer(): FakeResponse | Promise<FakeResponse> {
    this.onRequest();
    const ok: FakeResponse = { status: 200, headers: { 'content-type': 'application/json' }, body: UPSTREAM_BODY };
    switch (this.behaviour) {
      case 'hang':
        return new Promise<FakeResponse>(() => undefined);
      case 'unavailable':
        return { status: 503 };
      case 'slow':
        return { ...ok, delayMs: SLOW_MS };
      default:
        return ok;
    }
  }
}

/** A throwaway Redis: `redis-server` without persistence on `port`, as a child process. */
export async function startRedis(port: number): Promise<Child> {
  const child = Child.start('redis-server', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    PATH: process.env['PATH'] ?? '',
  });
  const deadline = Date.now() + 10_000;
  while (!(await isListening('127.0.0.1', port))) {
    if (!child.alive || Date.now() > deadline) throw new Error(`redis-server did not listen on ${port}`);
    await sleep(50);
  }
  return child;
}

/** SIGKILL, then waits until the process is gone. */
export async function killNow(child: Child): Promise<void> {
  child.kill();
  while (child.alive) await sleep(20);
}

/** The text of the BFF's `/metrics` on its management port, or undefined when it does not answer. */
export async function scrape(managementPort: number): Promise<string | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${managementPort}/metrics`, { signal: AbortSignal.timeout(1_000) });
    return response.ok ? await response.text() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Polls `circuit_breaker_state` on the BFF's `/metrics` and counts its changes (per label set) by
 * the phase current when each was seen. A breaker that opens and closes again between two polls
 * is missed, so the counts are a floor.
 */
export class BreakerWatch {
  /** Whether any scrape had the metric at all. */
  seen = false;
  readonly transitions = new Map<string, number>();
  readonly log: string[] = [];
  private readonly states = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly managementPort: number,
    private readonly phase: () => string,
  ) {}

  start(intervalMs = 200): void {
    this.timer = setInterval(() => void this.poll(), intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async poll(): Promise<void> {
    const text = await scrape(this.managementPort);
    if (text === undefined) return;
    for (const { labels, value } of samplesOf(text, 'circuit_breaker_state')) {
      this.seen = true;
      const before = this.states.get(labels);
      this.states.set(labels, value);
      if (before === undefined || before === value) continue;
      const phase = this.phase();
      this.transitions.set(phase, (this.transitions.get(phase) ?? 0) + 1);
      this.log.push(`${phase}: {${labels}} ${BREAKER_STATES[before] ?? before} → ${BREAKER_STATES[value] ?? value}`);
    }
  }
}

/** The encoding of `circuit_breaker_state`. */
const BREAKER_STATES: Record<number, string> = { 0: 'closed', 1: 'half-open', 2: 'open' };
