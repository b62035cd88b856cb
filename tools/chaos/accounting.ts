import { markdownTable } from '../bench/report';
import type { Outcome, RequestRecord } from './load';

/** What the client saw in one phase (or in total), and what the upstreams and breakers did meanwhile. */
export interface PhaseSummary {
  phase: string;
  sent: number;
  ok: number;
  /** Count per non-2xx status, and of connection errors. */
  errors: Map<Outcome, number>;
  /** Sent but neither answered nor failed by the end of the run. */
  lost: number;
  /** Requests the upstream instances received. */
  upstreamAttempts: number;
  /** Breaker state changes seen, undefined when the BFF exposes no `circuit_breaker_state`. */
  breakerTransitions: number | undefined;
}

/** What happened upstream during each phase. */
export interface PhaseUpstream {
  /** Requests received by the upstream instances, by phase. */
  attempts: ReadonlyMap<string, number>;
  /** Breaker transitions, by phase; undefined when the metric is absent. */
  breakerTransitions: ReadonlyMap<string, number> | undefined;
}

/** The summary of `records` for each phase in order, then a `total` row over all of them. */
export function summarise(phases: readonly string[], records: readonly RequestRecord[], upstream: PhaseUpstream): PhaseSummary[] {
  const empty = (phase: string): PhaseSummary => ({
    phase,
    sent: 0,
    ok: 0,
    errors: new Map(),
    lost: 0,
    upstreamAttempts: upstream.attempts.get(phase) ?? 0,
    breakerTransitions: upstream.breakerTransitions && (upstream.breakerTransitions.get(phase) ?? 0),
  });
  const byPhase = new Map(phases.map((phase) => [phase, empty(phase)]));
  for (const record of records) {
    const summary = byPhase.get(record.phase);
    if (!summary) throw new Error(`a request was sent in an unknown phase: ${record.phase}`);
    summary.sent++;
    if (record.outcome === undefined) summary.lost++;
    else if (typeof record.outcome === 'number' && record.outcome >= 200 && record.outcome < 300) summary.ok++;
    else summary.errors.set(record.outcome, (summary.errors.get(record.outcome) ?? 0) + 1);
  }
  const rows = [...byPhase.values()];
  const total = rows.reduce<PhaseSummary>(
    (sum, row) => ({
      ...sum,
      sent: sum.sent + row.sent,
      ok: sum.ok + row.ok,
      errors: mergeCounts(sum.errors, row.errors),
      lost: sum.lost + row.lost,
      upstreamAttempts: sum.upstreamAttempts + row.upstreamAttempts,
      breakerTransitions: sum.breakerTransitions === undefined ? undefined : sum.breakerTransitions + (row.breakerTransitions ?? 0),
    }),
    { ...empty('total'), upstreamAttempts: 0, breakerTransitions: upstream.breakerTransitions && 0 },
  );
  return [...rows, total];
}

function mergeCounts(a: ReadonlyMap<Outcome, number>, b: ReadonlyMap<Outcome, number>): Map<Outcome, number> {
  const merged = new Map(a);
  for (const [key, count] of b) merged.set(key, (merged.get(key) ?? 0) + count);
  return merged;
}

/** Requests the BFF answered with a status: sent, less connection errors and lost ones. */
export function answered(summary: PhaseSummary): number {
  return summary.sent - summary.lost - (summary.errors.get('connection error') ?? 0);
}

/**
 * Upstream attempts per request the BFF answered (a request refused at connection never reached
 * it): 1 when nothing is retried; NaN when it answered none.
 */
export function amplification(summary: PhaseSummary): number {
  return answered(summary) === 0 ? NaN : summary.upstreamAttempts / answered(summary);
}

/** Client 5xx answers in the summary (connection errors not included). */
export function serverErrors(summary: PhaseSummary): number {
  let count = 0;
  for (const [outcome, n] of summary.errors) if (typeof outcome === 'number' && outcome >= 500) count += n;
  return count;
}

/** Sorted statuses first, then connection errors: the error columns every row of the table shows. */
function errorColumns(summaries: readonly PhaseSummary[]): Outcome[] {
  const all = new Set<Outcome>();
  for (const summary of summaries) for (const outcome of summary.errors.keys()) all.add(outcome);
  const statuses = [...all].filter((outcome): outcome is number => typeof outcome === 'number').sort((a, b) => a - b);
  return all.has('connection error') ? [...statuses, 'connection error'] : statuses;
}

/** The Markdown table: one row per phase and the total; error columns only for what happened. */
export function formatPhaseTable(summaries: readonly PhaseSummary[]): string {
  const columns = errorColumns(summaries);
  const header = ['phase', 'sent', '2xx', ...columns.map(String), 'lost', 'upstream attempts', 'attempts per answered request', 'breaker transitions'];
  const rows = summaries.map((summary) => [
    summary.phase === 'total' ? '**total**' : summary.phase,
    String(summary.sent),
    String(summary.ok),
    ...columns.map((column) => String(summary.errors.get(column) ?? 0)),
    String(summary.lost),
    String(summary.upstreamAttempts),
    Number.isNaN(amplification(summary)) ? '—' : amplification(summary).toFixed(2),
    summary.breakerTransitions === undefined ? 'n/a' : String(summary.breakerTransitions),
  ]);
  return markdownTable(header, rows);
}

/** A target of the run, what was measured, and whether it was met. */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

/** The targets: 0 lost, 0 client 5xx while one of two instances is down, attempts/request <= 1.2. */
export function checkTargets(summaries: readonly PhaseSummary[], instanceDownPhase: string): TargetCheck[] {
  const total = summaries.find((summary) => summary.phase === 'total');
  const down = summaries.find((summary) => summary.phase === instanceDownPhase);
  if (!total || !down) throw new Error(`no total or no ${instanceDownPhase} row`);
  const ratio = amplification(total);
  return [
    { target: 'requests lost = 0', measured: String(total.lost), met: total.lost === 0 },
    { target: `client 5xx for GETs during "${instanceDownPhase}" = 0`, measured: String(serverErrors(down)), met: serverErrors(down) === 0 },
    { target: 'upstream attempts per answered request <= 1.2 (total)', measured: Number.isNaN(ratio) ? '—' : ratio.toFixed(2), met: ratio <= 1.2 },
  ];
}

/** The targets as a Markdown table. */
export function formatTargets(checks: readonly TargetCheck[]): string {
  return markdownTable(
    ['target', 'measured', 'met'],
    checks.map((check) => [check.target, check.measured, check.met ? 'yes' : '**no**']),
  );
}
