import { formatRatio, formatTable, medians, Row, Sample } from './report';

const sample = (requestsPerSecond: number, cpuUsPerRequest: number): Sample => ({
  requestsPerSecond,
  p50Us: 200,
  p99Us: 900,
  cpuUsPerRequest,
  peakRssMib: 50,
});

describe('formatRatio', () => {
  it('divides to two decimals, or gives a dash without a reference', () => {
    expect(formatRatio(25, 100)).toBe('0.25×');
    expect(formatRatio(300, 100)).toBe('3.00×');
    expect(formatRatio(1, undefined)).toBe('—');
    expect(formatRatio(undefined, 1)).toBe('—');
    expect(formatRatio(1, 0)).toBe('—');
  });
});

describe('medians', () => {
  it('takes the median of each metric on its own', () => {
    const m = medians([sample(100, 30), sample(300, 10), sample(200, 20)]);
    expect(m).toEqual({ requestsPerSecond: 200, p50Us: 200, p99Us: 900, cpuUsPerRequest: 20, peakRssMib: 50 });
  });
});

describe('formatTable', () => {
  const rows: Row[] = [
    { target: 'baseline', samples: [sample(20_000, 40), sample(22_000, 38), sample(21_000, 42)] },
    { target: 'floor', samples: [sample(10_000, 80)] },
    { target: 'bff', samples: [sample(2_000, 400), sample(2_200, 420)] },
    { target: 'cached', reason: 'not built yet' },
  ];
  const lines = formatTable(rows, 'baseline', 'floor').split('\n');

  it('has a header, an alignment line and one line per row', () => {
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe(
      '| target | req/s (min–max) | p50 @400/s µs | p99 @400/s µs | CPU µs/req | peak RSS MiB | req/s ÷ baseline | CPU/req ÷ baseline | req/s ÷ bare proxy | CPU/req ÷ bare proxy |',
    );
    expect(lines[1]).toBe('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  });

  it('shows medians and the ratios of req/s and CPU/req to the baseline and the floor', () => {
    expect(lines[2]).toBe('| baseline | 21000 (20000–22000) | 200 | 900 | 40.0 | 50.0 | 1.00× | 1.00× | 2.10× | 0.50× |');
    expect(lines[3]).toBe('| floor | 10000 (10000–10000) | 200 | 900 | 80.0 | 50.0 | 0.48× | 2.00× | 1.00× | 1.00× |');
    expect(lines[4]).toBe('| bff | 2100 (2000–2200) | 200 | 900 | 410.0 | 50.0 | 0.10× | 10.25× | 0.21× | 5.13× |');
  });

  it('shows a target that was not measured with its reason and dashes', () => {
    expect(lines[5]).toBe('| cached | not built yet | — | — | — | — | — | — | — | — |');
  });

  it('leaves the ratios to a missing reference as dashes', () => {
    const [, , only] = formatTable([rows[2]], 'baseline', 'floor').split('\n');
    expect(only).toBe('| bff | 2100 (2000–2200) | 200 | 900 | 410.0 | 50.0 | — | — | — | — |');
  });
});
