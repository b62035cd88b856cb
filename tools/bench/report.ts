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

/** The medians of a row, when it was measured. */
function summaryOfRow(row: Row | undefined): Sample | undefined {
  return row && 'samples' in row && row.samples.length > 0 ? medians(row.samples) : undefined;
}

/** The medians of the row named `target`, when it was measured. */
function summaryOf(rows: readonly Row[], target: string): Sample | undefined {
  return summaryOfRow(rows.find((candidate) => candidate.target === target));
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
  const [base, bare] = [summaryOf(rows, baseline), summaryOf(rows, floor)];
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

/** The rows, by name in the table, that the targets of issue #8 compare. */
export interface TargetRows {
  baseline: string;
  floor: string;
  passThrough: string;
  redis: string;
  aggregation: string;
  cached: string;
  /** The rows whose measured process is a BFF (the RSS target). */
  bffs: readonly string[];
}

/** The pass-through's CPU per request may be at most this many times the floor's. */
const CPU_TARGET = 1.5;

/** 150 MB, the RSS target, in the table's MiB. */
const RSS_LIMIT_MIB = 150e6 / 2 ** 20;

type Outcome = { met: boolean; numbers: string } | { missing: string };

const micros = (value: number): string => `${Math.round(value)} µs`;
const millis = (value: number): string => `${(value / 1000).toFixed(1)} ms`;
const signedUs = (value: number, digits = 0): string => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)} µs`;

/**
 * The targets of issue #8 as a Markdown list, each **met** or **missed** with the medians it was
 * judged on, or not judged and why (a row it needs was not measured).
 */
export function formatTargets(rows: readonly Row[], names: TargetRows): string {
  const summaries = new Map(
    rows.flatMap((row) => {
      const summary = summaryOfRow(row);
      return summary ? [[row.target, summary] as const] : [];
    }),
  );
  const samples = new Map(rows.flatMap((row) => ('samples' in row ? [[row.target, row.samples] as const] : [])));
  // On the medians; and, when every row it needs has the same rounds, on each round's samples against each other.
  const judge = (needed: readonly string[], verdict: (...summaries: Sample[]) => { met: boolean; numbers: string }): Outcome => {
    const missing = needed.filter((name) => !summaries.has(name));
    if (missing.length > 0) return { missing: `not judged: ${missing.map((name) => `“${name}”`).join(', ')} not measured` };
    const outcome = verdict(...needed.map((name) => summaries.get(name) as Sample));
    const series = needed.map((name) => samples.get(name) as readonly Sample[]);
    const rounds = series[0].length;
    if (rounds < 2 || series.some((values) => values.length !== rounds)) return outcome;
    const met = Array.from({ length: rounds }, (_, round) => verdict(...series.map((values) => values[round]))).filter((each) => each.met).length;
    return { ...outcome, numbers: `${outcome.numbers}; round by round: met in ${met} of ${rounds}` };
  };
  const bffs = names.bffs.filter((name) => summaries.has(name));
  const [largest] = [...bffs].sort((a, b) => (summaries.get(b) as Sample).peakRssMib - (summaries.get(a) as Sample).peakRssMib);
  const targets: [string, Outcome][] = [
    [
      `pass-through CPU per request ≤ ${CPU_TARGET}× the bare proxy’s`,
      judge([names.passThrough, names.floor], (bff, floor) => ({
        met: bff.cpuUsPerRequest <= CPU_TARGET * floor.cpuUsPerRequest,
        numbers: `${bff.cpuUsPerRequest.toFixed(1)} µs = ${formatRatio(bff.cpuUsPerRequest, floor.cpuUsPerRequest)} the floor’s ${floor.cpuUsPerRequest.toFixed(1)} µs`,
      })),
    ],
    [
      'pass-through latency added over the upstream directly at 400 req/s: p50 ≤ 1 ms, p99 ≤ 2 ms',
      judge([names.passThrough, names.baseline], (bff, base) => ({
        met: bff.p50Us - base.p50Us <= 1000 && bff.p99Us - base.p99Us <= 2000,
        numbers: `p50 ${signedUs(bff.p50Us - base.p50Us)} (${micros(bff.p50Us)} vs ${micros(base.p50Us)}), p99 ${signedUs(bff.p99Us - base.p99Us)} (${micros(bff.p99Us)} vs ${micros(base.p99Us)})`,
      })),
    ],
    ['dashboard aggregation p50 < 25 ms', judge([names.aggregation], (dashboard) => ({ met: dashboard.p50Us < 25_000, numbers: `p50 ${millis(dashboard.p50Us)}, p99 ${millis(dashboard.p99Us)}` }))],
    [
      'cache HIT req/s ≥ 3× the pass-through’s',
      judge([names.cached, names.passThrough], (cached, bff) => ({
        met: cached.requestsPerSecond >= 3 * bff.requestsPerSecond,
        numbers: `${Math.round(cached.requestsPerSecond)} req/s = ${formatRatio(cached.requestsPerSecond, bff.requestsPerSecond)} the pass-through’s ${Math.round(bff.requestsPerSecond)}`,
      })),
    ],
    [
      'Redis throttling loses ≤ 15% of the in-process throttling’s req/s',
      judge([names.redis, names.passThrough], (redis, bff) => {
        const loss = 1 - redis.requestsPerSecond / bff.requestsPerSecond;
        return { met: loss <= 0.15, numbers: `${Math.round(redis.requestsPerSecond)} vs ${Math.round(bff.requestsPerSecond)} req/s: ${(loss * 100).toFixed(1)}% lost` };
      }),
    ],
    [
      'peak RSS of every BFF < 150 MB (143.1 MiB)',
      largest === undefined
        ? { missing: 'not judged: no BFF row measured' }
        : {
            met: (summaries.get(largest) as Sample).peakRssMib < RSS_LIMIT_MIB,
            numbers: `largest ${(summaries.get(largest) as Sample).peakRssMib.toFixed(1)} MiB (${largest})${bffs.length < names.bffs.length ? `; ${names.bffs.length - bffs.length} BFF row(s) not measured` : ''}`,
          },
    ],
  ];
  return targets.map(([target, outcome]) => `- ${target}: ${'missing' in outcome ? outcome.missing : `**${outcome.met ? 'met' : 'missed'}**, ${outcome.numbers}`}`).join('\n');
}

/** The rows, by name in the table, that split the pass-through's CPU per request. */
export interface CostRows {
  floor: string;
  nest: string;
  passThrough: string;
  /** A featureless peer proxy the pass-through is set against (`@fastify/http-proxy`). */
  peer?: string;
}

/**
 * Where the pass-through's CPU per request goes, on the medians: the bare proxy's, what Nest on
 * Fastify adds without any feature, and what the gateway's features add on top; and what the 1.5×
 * target leaves the features; then, when measured, the featureless peer's cost and the
 * pass-through's against it. Empty when a row of the split was not measured.
 */
export function formatCostSplit(rows: readonly Row[], names: CostRows): string {
  const [floor, nest, bff] = [names.floor, names.nest, names.passThrough].map((name) => summaryOf(rows, name)?.cpuUsPerRequest);
  if (floor === undefined || nest === undefined || bff === undefined) return '';
  const us = (value: number) => `${value.toFixed(1)} µs`;
  const left = CPU_TARGET * floor - nest;
  const peer = names.peer === undefined ? undefined : summaryOf(rows, names.peer)?.cpuUsPerRequest;
  return (
    `- The pass-through’s ${us(bff)} per request: the bare proxy’s ${us(floor)}, Nest on Fastify without features ${signedUs(nest - floor, 1)} ` +
    `(${formatRatio(nest, floor)} the floor’s), the gateway’s features ${signedUs(bff - nest, 1)}. ` +
    `The ${CPU_TARGET}× target leaves the features ${left > 0 ? us(left) : 'nothing'} on top of Nest.` +
    (peer === undefined
      ? ''
      : ` The featureless peer (${names.peer}): ${us(peer)} (${formatRatio(peer, floor)} the floor’s); the pass-through with every feature costs ${formatRatio(bff, peer)} its CPU.`)
  );
}
