import { setTimeout as sleep } from 'node:timers/promises';
import { BreakerOpenError, BreakerState, ServiceBreaker } from './service-breaker';

/** A breaker around a fake service answering with `status`, or throwing when `status` is an Error. */
function setUp(resetMs = 200) {
  const service = { status: 200 as number | Error, calls: 0, hang: false };
  const transitions: BreakerState[] = [];
  const breaker = new ServiceBreaker<string, { status: number }>(
    { volume: 4, errorPercent: 50, resetMs, ignoreError: (error) => error instanceof TypeError },
    async () => {
      service.calls++;
      if (service.status instanceof Error) throw service.status;
      return { status: service.status };
    },
    (answer) => answer.status >= 500,
    (state) => transitions.push(state),
  );
  const outcome = (): Promise<number | string> =>
    breaker.fire('x').then(
      (answer) => answer.status,
      (error: Error) => (error instanceof BreakerOpenError ? 'open' : error.message),
    );
  return { service, breaker, transitions, outcome };
}

describe('ServiceBreaker', () => {
  const breakers: ServiceBreaker<string, { status: number }>[] = [];
  afterEach(() => breakers.splice(0).forEach((breaker) => breaker.shutdown()));

  it('stays closed below the volume threshold and hands failed answers back', async () => {
    const { service, breaker, outcome } = setUp();
    breakers.push(breaker);
    service.status = 503;
    expect([await outcome(), await outcome(), await outcome()]).toEqual([503, 503, 503]);
    expect(breaker.state).toBe('closed');
  });

  it('opens above the error percentage, then refuses without calling, with the seconds until half-open', async () => {
    const { service, breaker, transitions, outcome } = setUp(5_000);
    breakers.push(breaker);
    service.status = 500;
    for (let i = 0; i < 2; i++) await outcome();
    service.status = new Error('ECONNREFUSED');
    await outcome();
    expect(breaker.state).toBe('closed');
    expect(await outcome()).toBe('ECONNREFUSED');
    expect(breaker.state).toBe('open');
    expect(transitions).toEqual(['open']);
    const calls = service.calls;
    const refused = await breaker.fire('x').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BreakerOpenError);
    expect((refused as BreakerOpenError).retryAfterSeconds).toBe(5);
    expect(service.calls).toBe(calls);
  });

  it('half-opens after the reset time, lets one probe through, and closes when it succeeds', async () => {
    const { service, breaker, transitions, outcome } = setUp(100);
    breakers.push(breaker);
    service.status = 500;
    for (let i = 0; i < 4; i++) await outcome();
    await sleep(150);
    expect(breaker.state).toBe('half-open');
    service.status = 200;
    const [probe, other] = await Promise.all([outcome(), outcome()]);
    expect([probe, other]).toEqual([200, 'open']);
    expect(breaker.state).toBe('closed');
    expect(transitions).toEqual(['open', 'half-open', 'closed']);
  });

  it('re-opens when the probe fails', async () => {
    const { service, breaker, transitions, outcome } = setUp(100);
    breakers.push(breaker);
    service.status = 500;
    for (let i = 0; i < 4; i++) await outcome();
    await sleep(150);
    expect(await outcome()).toBe(500);
    expect(breaker.state).toBe('open');
    expect(transitions).toEqual(['open', 'half-open', 'open']);
  });

  it('never counts 4xx answers or ignored errors', async () => {
    const { service, breaker, outcome } = setUp();
    breakers.push(breaker);
    service.status = 404;
    for (let i = 0; i < 5; i++) await outcome();
    service.status = new TypeError('client upload failed');
    for (let i = 0; i < 5; i++) await outcome();
    expect(breaker.state).toBe('closed');
  });
});
