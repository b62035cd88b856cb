/** One sample of a soak run: the BFF's memory and event loop, and the latency of the requests answered in the window before it. */
export interface SoakSample {
  /** Since the load started. */
  minutes: number;
  rssMib: number;
  heapUsedMib: number;
  activeHandles: number;
  eventLoopLagP99Ms: number;
  /** Requests answered (or failed) in the window. */
  requests: number;
  /** Of those, the ones not answered 2xx. */
  errors: number;
  p50Ms: number;
  p99Ms: number;
  /** The fault active when the sample was taken, `''` when none. */
  fault: string;
}

const COLUMNS: readonly (keyof SoakSample)[] = ['minutes', 'rssMib', 'heapUsedMib', 'activeHandles', 'eventLoopLagP99Ms', 'requests', 'errors', 'p50Ms', 'p99Ms', 'fault'];

/** The samples as CSV with a header row; numbers to three decimals, a missing figure as an empty cell. */
export function toCsv(samples: readonly SoakSample[]): string {
  const cell = (value: number | string) => (typeof value === 'string' ? value : Number.isFinite(value) ? String(Math.round(value * 1000) / 1000) : '');
  return [COLUMNS.join(','), ...samples.map((sample) => COLUMNS.map((column) => cell(sample[column])).join(','))].join('\n') + '\n';
}
