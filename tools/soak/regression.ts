/** A point of a time series. */
export interface Point {
  x: number;
  y: number;
}

/** A least-squares line and how far the points scatter around it. */
export interface LineFit {
  slope: number;
  intercept: number;
  /** Standard deviation of the residuals (y minus the line), with n - 2 degrees of freedom. */
  residualSd: number;
}

/** The ordinary least-squares line through at least two points with distinct x. */
export function leastSquares(points: readonly Point[]): LineFit {
  if (points.length < 2) throw new Error(`a line needs at least 2 points, got ${points.length}`);
  const n = points.length;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  const sxx = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  if (sxx === 0) throw new Error('a line needs points with distinct x');
  const slope = points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0) / sxx;
  const intercept = meanY - slope * meanX;
  const squares = points.reduce((sum, p) => sum + (p.y - (intercept + slope * p.x)) ** 2, 0);
  return { slope, intercept, residualSd: n > 2 ? Math.sqrt(squares / (n - 2)) : 0 };
}

/** The RSS trend after warm-up and the verdict on it. */
export interface RssTrend {
  slopeMibPerMinute: number;
  /** What the slope adds up to over the measured window, in MiB. */
  driftMib: number;
  /** The tolerance the drift is held to: max(2 × residual SD, {@link DRIFT_FLOOR_MIB}). */
  noiseMib: number;
  flat: boolean;
  samples: number;
}

/** The smallest drift that counts as growth: allocator and heap growth steps are about this size. */
export const DRIFT_FLOOR_MIB = 2;

/** The criterion, as the report states it. */
export const FLAT_CRITERION = `flat within noise: |slope × window| <= max(2 × residual SD of RSS around the line, ${DRIFT_FLOOR_MIB} MiB)`;

/**
 * The least-squares slope of RSS (MiB) over time (minutes) for the samples after `warmupMinutes`,
 * flat when the drift it implies over that window is within the noise of the samples around it.
 */
export function rssTrend(samples: readonly { minutes: number; rssMib: number }[], warmupMinutes: number): RssTrend {
  const points = samples.filter((sample) => sample.minutes >= warmupMinutes).map((sample) => ({ x: sample.minutes, y: sample.rssMib }));
  const fit = leastSquares(points);
  const window = points[points.length - 1].x - points[0].x;
  const driftMib = fit.slope * window;
  const noiseMib = Math.max(2 * fit.residualSd, DRIFT_FLOOR_MIB);
  return { slopeMibPerMinute: fit.slope, driftMib, noiseMib, flat: Math.abs(driftMib) <= noiseMib, samples: points.length };
}
