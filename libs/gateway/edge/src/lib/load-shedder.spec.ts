import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { LoadShedder } from './load-shedder';

const response = () => new EventEmitter() as unknown as ServerResponse;
const blockFor = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until);
};

describe('LoadShedder', () => {
  it('admits up to the in-flight limit and again once a response closes, finished or aborted', () => {
    const shedder = new LoadShedder({ maxInFlight: 2, maxLagMs: 60_000 });
    const first = response();
    const second = response();
    expect(shedder.admit(first)).toBeUndefined();
    expect(shedder.admit(second)).toBeUndefined();
    expect(shedder.admit(response())).toBe('in_flight');
    expect(shedder.current).toBe(2);
    first.emit('close');
    expect(shedder.admit(response())).toBeUndefined();
    expect(shedder.admit(response())).toBe('in_flight');
  });

  it('refuses while the event loop lags, and admits again after a calm sample', async () => {
    // Sampled by hand here: a window as long as the test keeps the timer out of the way.
    const shedder = new LoadShedder({ maxInFlight: 100, maxLagMs: 50 }, 3_600_000);
    shedder.start();
    try {
      shedder.sample();
      // Timers that cannot fire while the loop is blocked are what the delay monitor measures.
      for (let i = 0; i < 3; i++) {
        blockFor(200);
        await new Promise((resolve) => setImmediate(resolve));
      }
      shedder.sample();
      expect(shedder.admit(response())).toBe('event_loop_lag');
      await new Promise((resolve) => setTimeout(resolve, 100));
      shedder.sample();
      expect(shedder.admit(response())).toBeUndefined();
    } finally {
      shedder.stop();
    }
  });
});
