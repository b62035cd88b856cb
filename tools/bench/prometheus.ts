const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/**
 * The sum of the samples of `metric` in a Prometheus text exposition whose labels satisfy `where`
 * (0 when there are none): e.g. the degraded dashboard parts,
 * `sumSamples(text, 'aggregation_part_total', (labels) => labels['outcome'] !== 'ok')`.
 */
export function sumSamples(exposition: string, metric: string, where: (labels: Record<string, string>) => boolean = () => true): number {
  let sum = 0;
  for (const line of exposition.split('\n')) {
    const sample = SAMPLE.exec(line);
    if (!sample || sample[1] !== metric) continue;
    const labels = Object.fromEntries([...(sample[2] ?? '').matchAll(LABEL)].map(([, name, value]) => [name, value.replace(/\\(.)/g, '$1')]));
    if (where(labels)) sum += Number(sample[3]);
  }
  return sum;
}
