/** One sample of the Prometheus text exposition format: metric name, label text and value. */
export interface PromSample {
  name: string;
  /** The labels as written between the braces, `''` when there are none. */
  labels: string;
  value: number;
}

const SAMPLE_LINE = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{([^}]*)\})?\s+(\S+)/;

/** The samples named `name` in a `/metrics` text (comment lines and other metrics skipped). */
export function samplesOf(text: string, name: string): PromSample[] {
  const samples: PromSample[] = [];
  for (const line of text.split('\n')) {
    const match = SAMPLE_LINE.exec(line);
    if (match && match[1] === name) samples.push({ name, labels: match[2] ?? '', value: Number(match[3]) });
  }
  return samples;
}

/** The value of the first sample named `name`, or undefined when there is none. */
export function valueOf(text: string, name: string): number | undefined {
  return samplesOf(text, name)[0]?.value;
}
