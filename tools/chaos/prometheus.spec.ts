import { samplesOf, valueOf } from './prometheus';

const TEXT = [
  '# HELP circuit_breaker_state 0 closed, 1 half-open, 2 open',
  '# TYPE circuit_breaker_state gauge',
  'circuit_breaker_state{service="users",client="web"} 2',
  'circuit_breaker_state{service="orders",client="web"} 0',
  'circuit_breaker_state_other 7',
  'nodejs_heap_size_used_bytes 42497472',
  'nodejs_eventloop_lag_p99_seconds{client="web"} 0.011042815',
].join('\n');

describe('samplesOf', () => {
  it('reads every sample of the metric with its labels, and only that metric', () => {
    expect(samplesOf(TEXT, 'circuit_breaker_state')).toEqual([
      { name: 'circuit_breaker_state', labels: 'service="users",client="web"', value: 2 },
      { name: 'circuit_breaker_state', labels: 'service="orders",client="web"', value: 0 },
    ]);
  });

  it('finds nothing for a metric the text does not have', () => {
    expect(samplesOf(TEXT, 'missing')).toEqual([]);
  });
});

describe('valueOf', () => {
  it('reads a sample with or without labels', () => {
    expect(valueOf(TEXT, 'nodejs_heap_size_used_bytes')).toBe(42497472);
    expect(valueOf(TEXT, 'nodejs_eventloop_lag_p99_seconds')).toBeCloseTo(0.011042815);
    expect(valueOf(TEXT, 'missing')).toBeUndefined();
  });
});
