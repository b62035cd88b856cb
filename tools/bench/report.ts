import { median } from './stats';

/** One target measured in one round. */
export interface Sample {
  requestsPerSecond: number;
  p50Us: number;
  p99Us: number;
  cpuUsPerRequest: number;
  peakRssMib: number;
}

/** A row of the table: a measured target, or one that was not measured and why. */
export type Row = { target: string; samples: Sample[] } | { target: string; reason: string };

/** The field-by-field medians of a target's samples (each metric on its own). */
export function medians(samples: readonly Sample[]): Sample {
  const of = (metric: keyof Sample) => median(samples.map((sample) => sample[metric]));
  return {
    requestsPerSecond: of('requestsPerSecond'),
    p50Us: of('p50Us'),
    p99Us: of('p99Us'),
    cpuUsPerRequest: of('cpuUsPerRequest'),
    peakRssMib: of('peakRssMib'),
  };
}

/** `value / reference` as `0.42×`, or a dash when either is missing. */
export function formatRatio(value: number | undefined, reference: number | undefined): string {
  return value === undefined || reference === undefined || reference === 0 ? '—' : `${(value / reference).toFixed(2)}×`;
}

const HEADER = [
  'target',
  'req/s (min–max)',
  'p50 @400/s µs',
  'p99 @400/s µs',
  'CPU µs/req',
  'peak RSS MiB',
  'req/s ÷ baseline',
  'CPU/req ÷ baseline',
  'req/s ÷ bare proxy',
  'CPU/req ÷ bare proxy',
];

/**
 * The Markdown table of the rows: medians over the rounds, and the ratios of req/s and CPU/req
 * to the rows named `baseline` and `floor`.
 */
export function formatTable(rows: readonly Row[], baseline: string, floor: string): string {
  const summaryOf = (target: string) => {
    const row = rows.find((candidate) => candidate.target === target);
    return row && 'samples' in row ? medians(row.samples) : undefined;
  };
  const [base, bare] = [summaryOf(baseline), summaryOf(floor)];
  const lines = rows.map((row) => {
    if (!('samples' in row)) return [row.target, row.reason, ...Array<string>(HEADER.length - 2).fill('—')];
    const m = medians(row.samples);
    const rates = row.samples.map((sample) => sample.requestsPerSecond);
    return [
      row.target,
      `${Math.round(m.requestsPerSecond)} (${Math.round(Math.min(...rates))}–${Math.round(Math.max(...rates))})`,
      Math.round(m.p50Us).toString(),
      Math.round(m.p99Us).toString(),
      m.cpuUsPerRequest.toFixed(1),
      m.peakRssMib.toFixed(1),
      formatRatio(m.requestsPerSecond, base?.requestsPerSecond),
      formatRatio(m.cpuUsPerRequest, base?.cpuUsPerRequest),
      formatRatio(m.requestsPerSecond, bare?.requestsPerSecond),
      formatRatio(m.cpuUsPerRequest, bare?.cpuUsPerRequest),
    ];
  });
  return markdownTable(HEADER, lines);
}

/** A Markdown table: the first column left-aligned, the others (figures) right-aligned. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, header.map((_, column) => (column === 0 ? '---' : '---:')), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
