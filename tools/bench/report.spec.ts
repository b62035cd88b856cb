import { formatCostSplit, formatRatio, formatTable, formatTargets, medians, Row, Sample, TargetRows } from './report';

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

describe('formatTargets', () => {
  const names: TargetRows = {
    baseline: 'direct',
    floor: 'floor',
    passThrough: 'bff',
    redis: 'bff redis',
    aggregation: 'dashboard',
    cached: 'cached',
    bffs: ['bff', 'bff redis', 'dashboard', 'cached'],
  };
  const measured = (target: string, samples: Partial<Sample>[]): Row => ({
    target,
    samples: samples.map((fields) => ({ requestsPerSecond: 1000, p50Us: 500, p99Us: 2000, cpuUsPerRequest: 50, peakRssMib: 60, ...fields })),
  });
  const meeting: Row[] = [
    measured('direct', [{ p50Us: 400, p99Us: 1500 }]),
    measured('floor', [{ cpuUsPerRequest: 100 }]),
    measured('bff', [
      { requestsPerSecond: 3000, cpuUsPerRequest: 140, p50Us: 1300, p99Us: 3400, peakRssMib: 120 },
      { requestsPerSecond: 3200, cpuUsPerRequest: 150, p50Us: 1400, p99Us: 3500, peakRssMib: 125 },
      { requestsPerSecond: 3100, cpuUsPerRequest: 145, p50Us: 1350, p99Us: 3450, peakRssMib: 122 },
    ]),
    measured('bff redis', [{ requestsPerSecond: 2700, peakRssMib: 130 }]),
    measured('dashboard', [{ p50Us: 21_340, p99Us: 30_050, peakRssMib: 140 }]),
    measured('cached', [{ requestsPerSecond: 9300 }]),
  ];

  it('judges every target on the medians, with the numbers', () => {
    expect(formatTargets(meeting, names).split('\n')).toEqual([
      '- pass-through CPU per request ≤ 1.5× the bare proxy’s: **met**, 145.0 µs = 1.45× the floor’s 100.0 µs',
      '- pass-through latency added over the upstream directly at 400 req/s: p50 ≤ 1 ms, p99 ≤ 2 ms: **met**, p50 +950 µs (1350 µs vs 400 µs), p99 +1950 µs (3450 µs vs 1500 µs)',
      '- dashboard aggregation p50 < 25 ms: **met**, p50 21.3 ms, p99 30.1 ms',
      '- cache HIT req/s ≥ 3× the pass-through’s: **met**, 9300 req/s = 3.00× the pass-through’s 3100',
      '- Redis throttling loses ≤ 15% of the in-process throttling’s req/s: **met**, 2700 vs 3100 req/s: 12.9% lost',
      '- peak RSS of every BFF < 150 MB (143.1 MiB): **met**, largest 140.0 MiB (dashboard)',
    ]);
  });

  it('says which targets are missed, each on its own bound', () => {
    const missing: Row[] = [
      measured('direct', [{ p50Us: 400, p99Us: 1500 }]),
      measured('floor', [{ cpuUsPerRequest: 100 }]),
      measured('bff', [{ requestsPerSecond: 3100, cpuUsPerRequest: 151, p50Us: 1300, p99Us: 3600, peakRssMib: 320 }]),
      measured('bff redis', [{ requestsPerSecond: 2600 }]),
      measured('dashboard', [{ p50Us: 25_000 }]),
      measured('cached', [{ requestsPerSecond: 9200 }]),
    ];
    expect(formatTargets(missing, names).split('\n')).toEqual([
      '- pass-through CPU per request ≤ 1.5× the bare proxy’s: **missed**, 151.0 µs = 1.51× the floor’s 100.0 µs',
      '- pass-through latency added over the upstream directly at 400 req/s: p50 ≤ 1 ms, p99 ≤ 2 ms: **missed**, p50 +900 µs (1300 µs vs 400 µs), p99 +2100 µs (3600 µs vs 1500 µs)',
      '- dashboard aggregation p50 < 25 ms: **missed**, p50 25.0 ms, p99 2.0 ms',
      '- cache HIT req/s ≥ 3× the pass-through’s: **missed**, 9200 req/s = 2.97× the pass-through’s 3100',
      '- Redis throttling loses ≤ 15% of the in-process throttling’s req/s: **missed**, 2600 vs 3100 req/s: 16.1% lost',
      '- peak RSS of every BFF < 150 MB (143.1 MiB): **missed**, largest 320.0 MiB (bff)',
    ]);
  });

  it('says in how many rounds each target was met, each round judged on its own samples, when every row it needs has them all', () => {
    // Three rounds: the BFF costs 1.4×, 1.6× and 1.45× the floor of its own round, and its HIT is 3.2×, 2.9× and 2.8×.
    const rounds: Row[] = [
      measured('direct', [{ p50Us: 400 }, { p50Us: 400 }, { p50Us: 400 }]),
      measured('floor', [{ cpuUsPerRequest: 100 }, { cpuUsPerRequest: 90 }, { cpuUsPerRequest: 100 }]),
      measured('bff', [
        { requestsPerSecond: 3000, cpuUsPerRequest: 140 },
        { requestsPerSecond: 3000, cpuUsPerRequest: 144 },
        { requestsPerSecond: 3000, cpuUsPerRequest: 145 },
      ]),
      measured('bff redis', [{ requestsPerSecond: 2700 }]),
      measured('dashboard', [{ p50Us: 21_000 }, { p50Us: 26_000 }, { p50Us: 22_000 }]),
      measured('cached', [{ requestsPerSecond: 9600 }, { requestsPerSecond: 8700 }, { requestsPerSecond: 8400 }]),
    ];
    const lines = formatTargets(rounds, names).split('\n');
    expect(lines[0]).toBe('- pass-through CPU per request ≤ 1.5× the bare proxy’s: **met**, 144.0 µs = 1.44× the floor’s 100.0 µs; round by round: met in 2 of 3');
    expect(lines[2]).toBe('- dashboard aggregation p50 < 25 ms: **met**, p50 22.0 ms, p99 2.0 ms; round by round: met in 2 of 3');
    expect(lines[3]).toBe('- cache HIT req/s ≥ 3× the pass-through’s: **missed**, 8700 req/s = 2.90× the pass-through’s 3000; round by round: met in 1 of 3');
    // The Redis row has one round only: nothing to pair with the pass-through's three.
    expect(lines[4]).toBe('- Redis throttling loses ≤ 15% of the in-process throttling’s req/s: **met**, 2700 vs 3000 req/s: 10.0% lost');
  });

  it('shows a faster BFF than the upstream as negative added latency', () => {
    const faster = [measured('direct', [{ p50Us: 900 }]), measured('bff', [{ p50Us: 700 }])];
    expect(formatTargets(faster, names).split('\n')[1]).toContain('p50 −200 µs (700 µs vs 900 µs)');
  });

  it('leaves a target unjudged when a row it needs was not measured', () => {
    const partial: Row[] = [...meeting.slice(0, 4), { target: 'dashboard', reason: 'failed: degraded' }, { target: 'cached', samples: [] }];
    const lines = formatTargets(partial, names).split('\n');
    expect(lines[2]).toBe('- dashboard aggregation p50 < 25 ms: not judged: “dashboard” not measured');
    expect(lines[3]).toBe('- cache HIT req/s ≥ 3× the pass-through’s: not judged: “cached” not measured');
    expect(lines[5]).toBe('- peak RSS of every BFF < 150 MB (143.1 MiB): **met**, largest 130.0 MiB (bff redis); 2 BFF row(s) not measured');
    expect(formatTargets([], names).split('\n')[5]).toBe('- peak RSS of every BFF < 150 MB (143.1 MiB): not judged: no BFF row measured');
  });
});

describe('formatCostSplit', () => {
  const names = { floor: 'floor', nest: 'nest', passThrough: 'bff' };
  const cpu = (target: string, ...values: number[]): Row => ({ target, samples: values.map((value) => sample(1000, value)) });

  it('splits the pass-through’s CPU into the floor’s, Nest’s and the features’, on the medians', () => {
    expect(formatCostSplit([cpu('floor', 30, 31, 29), cpu('nest', 36, 90, 35.5), cpu('bff', 58, 57, 60)], names)).toBe(
      '- The pass-through’s 58.0 µs per request: the bare proxy’s 30.0 µs, Nest on Fastify without features +6.0 µs (1.20× the floor’s), the gateway’s features +22.0 µs. The 1.5× target leaves the features 9.0 µs on top of Nest.',
    );
  });

  it('says when Nest alone spends what the target allows', () => {
    expect(formatCostSplit([cpu('floor', 30), cpu('nest', 46), cpu('bff', 44)], names)).toBe(
      '- The pass-through’s 44.0 µs per request: the bare proxy’s 30.0 µs, Nest on Fastify without features +16.0 µs (1.53× the floor’s), the gateway’s features −2.0 µs. The 1.5× target leaves the features nothing on top of Nest.',
    );
  });

  it('is empty when a row it needs was not measured', () => {
    expect(formatCostSplit([cpu('floor', 30), { target: 'nest', reason: 'failed: no port' }, cpu('bff', 58)], names)).toBe('');
  });

  it('sets the pass-through against the featureless peer when the peer was measured, and leaves the peer out when not', () => {
    const rows = [cpu('floor', 30), cpu('nest', 36), cpu('peer', 45, 48, 44), cpu('bff', 90)];
    expect(formatCostSplit(rows, { ...names, peer: 'peer' })).toBe(
      '- The pass-through’s 90.0 µs per request: the bare proxy’s 30.0 µs, Nest on Fastify without features +6.0 µs (1.20× the floor’s), the gateway’s features +54.0 µs. The 1.5× target leaves the features 9.0 µs on top of Nest. The featureless peer (peer): 45.0 µs (1.50× the floor’s); the pass-through with every feature costs 2.00× its CPU.',
    );
    const unmeasured = [cpu('floor', 30), cpu('nest', 36), { target: 'peer', reason: 'failed: no port' }, cpu('bff', 90)];
    expect(formatCostSplit(unmeasured, { ...names, peer: 'peer' })).toBe(formatCostSplit(unmeasured, names));
    expect(formatCostSplit(unmeasured, names)).toContain('The 1.5× target leaves the features 9.0 µs on top of Nest.');
  });
});
