import { DRIFT_FLOOR_MIB, leastSquares, rssTrend } from './regression';

describe('leastSquares', () => {
  it('recovers the line through points that lie on it', () => {
    const fit = leastSquares([0, 1, 2, 3].map((x) => ({ x, y: 5 + 2 * x })));
    expect(fit.slope).toBeCloseTo(2);
    expect(fit.intercept).toBeCloseTo(5);
    expect(fit.residualSd).toBeCloseTo(0);
  });

  it('fits noisy points by least squares and measures their scatter', () => {
    const fit = leastSquares([
      { x: 0, y: 1 },
      { x: 1, y: 3 },
      { x: 2, y: 2 },
      { x: 3, y: 4 },
    ]);
    expect(fit.slope).toBeCloseTo(0.8);
    expect(fit.intercept).toBeCloseTo(1.3);
    expect(fit.residualSd).toBeCloseTo(Math.sqrt(1.8 / 2));
  });

  it('refuses fewer than two points or a single x', () => {
    expect(() => leastSquares([{ x: 1, y: 1 }])).toThrow('at least 2 points');
    expect(() => leastSquares([{ x: 1, y: 1 }, { x: 1, y: 2 }])).toThrow('distinct x');
  });
});

describe('rssTrend', () => {
  const series = (rss: (minutes: number) => number) => Array.from({ length: 21 }, (_, i) => ({ minutes: i / 2, rssMib: rss(i / 2) }));

  it('ignores the warm-up and calls a wobble around a level flat', () => {
    const trend = rssTrend(series((m) => (m < 2 ? 60 + 20 * m : 100 + (Math.round(m * 2) % 2 ? 1.5 : -1.5))), 2);
    expect(trend.samples).toBe(17);
    expect(Math.abs(trend.slopeMibPerMinute)).toBeLessThan(0.2);
    expect(trend.flat).toBe(true);
  });

  it('calls a steady climb a leak, in MiB per minute', () => {
    const trend = rssTrend(series((m) => 100 + 3 * m), 2);
    expect(trend.slopeMibPerMinute).toBeCloseTo(3);
    expect(trend.driftMib).toBeCloseTo(24);
    expect(trend.noiseMib).toBe(DRIFT_FLOOR_MIB);
    expect(trend.flat).toBe(false);
  });
});
