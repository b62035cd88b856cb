import { Counter, Histogram, Registry } from 'prom-client';
import { LabelledCounter, LabelledHistogram, MetricLabels } from './labelled-metrics';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LABELS = ['method', 'route', 'status'] as const;
type Label = (typeof LABELS)[number];

/** The same observations into prom-client's Histogram and ours, each in a registry with a default label. */
function both(observations: [MetricLabels<Label>, number][]): { theirs: Registry; ours: Registry; histogram: LabelledHistogram<Label> } {
  const theirs = new Registry();
  const ours = new Registry();
  for (const registry of [theirs, ours]) registry.setDefaultLabels({ client: 'web' });
  const options = { name: 'http_server_request_duration_seconds', help: 'Duration of HTTP requests', labelNames: LABELS, buckets: BUCKETS };
  const reference = new Histogram({ ...options, registers: [theirs] });
  const histogram = new LabelledHistogram({ ...options, registers: [ours] });
  for (const [labels, value] of observations) {
    reference.observe({ ...labels }, value);
    histogram.observe(labels, value);
  }
  return { theirs, ours, histogram };
}

const OBSERVATIONS: [MetricLabels<Label>, number][] = [
  [{ method: 'GET', route: '/api/v2/users/*', status: '200' }, 0.0123],
  [{ method: 'GET', route: '/api/v2/users/*', status: '200' }, 0.001],
  [{ method: 'GET', route: '/api/v2/users/*', status: '404' }, 0],
  [{ method: 'POST', route: '/api/v2/users/*', status: '200' }, 0.3],
  [{ method: 'GET', route: 'unmatched', status: '404' }, 12.5],
  [{ method: 'GET', route: '/api/v2/users/*', status: '200' }, 2.5],
  [{ method: 'GET', route: '/a "quoted"\\ route\n', status: '200' }, 0.07],
];

describe('LabelledHistogram', () => {
  it("exposes what prom-client's Histogram exposes for the same observations, line for line", async () => {
    const { theirs, ours } = both(OBSERVATIONS);
    const text = await ours.metrics();
    expect(text).toBe(await theirs.metrics());
    expect(text).toContain('http_server_request_duration_seconds_bucket{le="0.025",client="web",method="GET",route="/api/v2/users/*",status="200"} 2');
    expect(text).toContain('http_server_request_duration_seconds_count{client="web",method="GET",route="/api/v2/users/*",status="200"} 3');
  });

  it("gives prom-client's JSON form too, but for its empty exemplar fields (exemplars are not enabled)", async () => {
    const { theirs, ours } = both(OBSERVATIONS);
    const withoutExemplars = (await theirs.getMetricsAsJSON()).map((metric) => ({
      ...metric,
      values: metric.values.map((value) => {
        const { exemplar, ...rest } = value as typeof value & { exemplar?: unknown };
        expect(exemplar ?? null).toBeNull();
        return rest;
      }),
    }));
    expect(await ours.getMetricsAsJSON()).toStrictEqual(withoutExemplars);
  });

  it('starts over when the registry resets its metrics', async () => {
    const { ours, histogram } = both(OBSERVATIONS);
    ours.resetMetrics();
    expect(await ours.metrics()).not.toContain('_count');
    histogram.observe({ method: 'GET', route: '/x', status: '200' }, 0.2);
    expect(await ours.metrics()).toContain('http_server_request_duration_seconds_count{client="web",method="GET",route="/x",status="200"} 1');
  });

  it('refuses a label it was not given, a label that is not a string, and a value that is not a finite number', () => {
    const { histogram } = both([]);
    const observe = (labels: unknown, value: number) => () => histogram.observe(labels as MetricLabels<Label>, value);
    expect(observe({ method: 'GET', route: '/x', status: '200', user: 'u-1' }, 1)).toThrow('label "user" is not one of method, route, status');
    expect(observe({ method: 'GET', route: '/x', status: 200 }, 1)).toThrow('label "status" must be a string');
    expect(observe({ method: 'GET', route: '/x' }, 1)).toThrow('label "status" must be a string');
    expect(observe({ method: 'GET', route: '/x', status: '200' }, Number.NaN)).toThrow('value is not a finite number');
  });

  it('refuses buckets that are not finite and ascending, and no label names', () => {
    const make = (buckets: number[], labelNames: readonly string[] = LABELS) => () =>
      new LabelledHistogram({ name: 'x_seconds', help: 'x', labelNames, buckets, registers: [] });
    expect(make([0.1, 0.1])).toThrow('buckets must be finite and ascending');
    expect(make([1, 0.5])).toThrow('buckets must be finite and ascending');
    expect(make([0.1, Infinity])).toThrow('buckets must be finite and ascending');
    expect(make([0.1], [])).toThrow('needs at least one label name');
  });
});

describe('LabelledCounter', () => {
  const RESULTS: MetricLabels<'result'>[] = [{ result: 'hit' }, { result: 'miss' }, { result: 'hit' }, { result: 'stale' }, { result: 'hit' }];

  function counters(): { theirs: Registry; ours: Registry; counter: LabelledCounter<'result'> } {
    const theirs = new Registry();
    const ours = new Registry();
    for (const registry of [theirs, ours]) registry.setDefaultLabels({ client: 'web' });
    const options = { name: 'cache_requests_total', help: 'Requests to cacheable routes by result', labelNames: ['result'] as const };
    const reference = new Counter({ ...options, registers: [theirs] });
    const counter = new LabelledCounter({ ...options, registers: [ours] });
    for (const labels of RESULTS) {
      reference.inc({ ...labels });
      counter.inc(labels);
    }
    return { theirs, ours, counter };
  }

  it("exposes what prom-client's Counter exposes for the same increments, in text and JSON", async () => {
    const { theirs, ours } = counters();
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).toContain('cache_requests_total{result="hit",client="web"} 3');
    expect(await ours.getMetricsAsJSON()).toStrictEqual(await theirs.getMetricsAsJSON());
  });

  it('starts over when the registry resets its metrics, and refuses a label it was not given', async () => {
    const { ours, counter } = counters();
    ours.resetMetrics();
    expect(await ours.metrics()).not.toContain('result=');
    expect(() => counter.inc({ result: 'hit', user: 'u-1' } as MetricLabels<'result'>)).toThrow('label "user" is not one of result');
  });
});
