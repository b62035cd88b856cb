import type { Metric, Registry } from 'prom-client';

/** What a histogram of these label names is told on each observation. */
export type HistogramLabels<L extends string> = Readonly<Record<L, string>>;

/** The options of a {@link LabelledHistogram}: prom-client's, all required. */
export interface LabelledHistogramOptions<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  /** Upper bounds, ascending; `+Inf` is implied. */
  buckets: readonly number[];
  registers: Registry[];
}

/** One label combination: its labels as observed first, a count per bucket (the last is +Inf), sum and count. */
interface Series {
  labels: Record<string, string>;
  counts: Float64Array;
  sum: number;
  count: number;
}

/** A value and the labels and name prom-client's registry formats it with. */
interface ExportedValue {
  labels: Record<string, string | number>;
  sharedLabels: Record<string, string>;
  value: number;
  metricName: string;
}

/**
 * A Prometheus histogram for the per-request durations: what prom-client's `Histogram` exposes,
 * line for line, from the same registry, but observed without allocating. prom-client validates the
 * labels, joins them into a key string and finds the bucket through an object keyed by the bound
 * on every `observe`, about 1.2 µs per call (perf), twice per pass-through. Here a series is found
 * through one `Map` per label name, in their order, and counted in a typed array.
 *
 * @example
 * const duration = new LabelledHistogram({ name: 'x_seconds', help: '…', labelNames: ['route'], buckets: [0.1, 1], registers: [registry] });
 * duration.observe({ route: '/api/x' }, 0.05);
 */
export class LabelledHistogram<L extends string> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;
  private readonly labelNames: readonly L[];
  private readonly bounds: readonly number[];
  private root = new Map<string, unknown>();
  private series: Series[] = [];

  constructor(options: LabelledHistogramOptions<L>) {
    if (options.labelNames.length === 0) throw new Error(`${options.name}: a LabelledHistogram needs at least one label name`);
    if (options.buckets.some((bound, i) => !Number.isFinite(bound) || (i > 0 && bound <= options.buckets[i - 1]))) {
      throw new Error(`${options.name}: buckets must be finite and ascending`);
    }
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames;
    this.bounds = options.buckets;
    for (const registry of options.registers) registry.registerMetric(this as unknown as Metric);
  }

  /** Counts `value` (seconds) in the series of `labels`. */
  observe(labels: HistogramLabels<L>, value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`${this.name}: value is not a finite number: ${value}`);
    const series = this.seriesOf(labels);
    const bounds = this.bounds;
    let bucket = 0;
    while (bucket < bounds.length && value > bounds[bucket]) bucket++;
    series.counts[bucket]++;
    series.sum += value;
    series.count++;
  }

  /** The values prom-client's registry formats for the text exposition (as its `Histogram` gives them). */
  getForPromString(): { name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: ExportedValue[] } {
    const values: ExportedValue[] = [];
    for (const series of this.series) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += series.counts[i];
        values.push({ labels: { le: bound }, sharedLabels: series.labels, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push(
        { labels: { le: '+Inf' }, sharedLabels: series.labels, value: series.count, metricName: `${this.name}_bucket` },
        { labels: {}, sharedLabels: series.labels, value: series.sum, metricName: `${this.name}_sum` },
        { labels: {}, sharedLabels: series.labels, value: series.count, metricName: `${this.name}_count` },
      );
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** The same values, each series' labels merged into its own (prom-client's JSON form). */
  async get(): Promise<{ name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: Omit<ExportedValue, 'sharedLabels'>[] }> {
    const exported = this.getForPromString();
    return {
      ...exported,
      values: exported.values.map(({ labels, sharedLabels, value, metricName }) => ({ labels: { ...labels, ...sharedLabels }, value, metricName })),
    };
  }

  /** Forgets every series. */
  reset(): void {
    this.root = new Map();
    this.series = [];
  }

  private seriesOf(labels: HistogramLabels<L>): Series {
    const names = this.labelNames;
    const last = names.length - 1;
    let level = this.root;
    for (let i = 0; i < last; i++) {
      const value = labels[names[i]];
      let next = level.get(value) as Map<string, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(value, next);
      }
      level = next;
    }
    const value = labels[names[last]];
    let series = level.get(value) as Series | undefined;
    if (series === undefined) {
      series = { labels: this.checked(labels), counts: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 };
      level.set(value, series);
      this.series.push(series);
    }
    return series;
  }

  /** A new series' labels: exactly the label names, each a string (as prom-client insists). */
  private checked(labels: HistogramLabels<L>): Record<string, string> {
    const names = Object.keys(labels);
    const unknown = names.find((name) => !this.labelNames.includes(name as L));
    if (unknown !== undefined) throw new Error(`${this.name}: label "${unknown}" is not one of ${this.labelNames.join(', ')}`);
    const own: Record<string, string> = {};
    for (const name of this.labelNames) {
      const value: unknown = labels[name];
      if (typeof value !== 'string') throw new TypeError(`${this.name}: label "${name}" must be a string`);
      own[name] = value;
    }
    return own;
  }
}
