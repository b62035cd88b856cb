import { amplification, checkTargets, formatPhaseTable, formatTargets, serverErrors, summarise } from './accounting';
import type { RequestRecord } from './load';

const records = (phase: string, ...outcomes: (RequestRecord['outcome'] | 'pending')[]): RequestRecord[] =>
  outcomes.map((outcome) => (outcome === 'pending' ? { phase } : { phase, outcome }));

const RECORDS = [...records('steady', 200, 200, 200, 200), ...records('kill', 200, 200, 502, 'connection error'), ...records('sigterm', 200, 'pending', 'connection error')];
const UPSTREAM = { attempts: new Map([['steady', 4], ['kill', 6], ['sigterm', 1]]), breakerTransitions: new Map([['kill', 1]]) };

describe('summarise', () => {
  const summaries = summarise(['steady', 'kill', 'sigterm'], RECORDS, UPSTREAM);
  const [steady, kill, sigterm, total] = summaries;

  it('counts sent, 2xx, each error and the requests never answered, per phase', () => {
    expect([steady.sent, steady.ok, steady.lost, steady.errors.size]).toEqual([4, 4, 0, 0]);
    expect([kill.sent, kill.ok, kill.lost]).toEqual([4, 2, 0]);
    expect([...kill.errors]).toEqual([
      [502, 1],
      ['connection error', 1],
    ]);
    expect([sigterm.sent, sigterm.ok, sigterm.lost]).toEqual([3, 1, 1]);
  });

  it('adds a total over the phases', () => {
    expect(total.phase).toBe('total');
    expect([total.sent, total.ok, total.lost, total.upstreamAttempts, total.breakerTransitions]).toEqual([11, 7, 1, 11, 1]);
    expect([...total.errors]).toEqual([
      [502, 1],
      ['connection error', 2],
    ]);
  });

  it('gives attempts per request as upstream attempts over requests answered with a status', () => {
    expect(amplification(steady)).toBe(1);
    expect(amplification(kill)).toBe(2);
    expect(amplification(total)).toBe(11 / 8);
    expect(amplification(summarise(['idle'], [], { attempts: new Map(), breakerTransitions: undefined })[0])).toBeNaN();
  });

  it('counts 5xx answers, not connection errors, as client 5xx', () => {
    expect(serverErrors(kill)).toBe(1);
    expect(serverErrors(steady)).toBe(0);
  });

  it('refuses a record of a phase it was not told about', () => {
    expect(() => summarise(['steady'], records('other', 200), UPSTREAM)).toThrow('unknown phase: other');
  });
});

describe('formatPhaseTable', () => {
  it('has a column per error that happened and a total row', () => {
    const lines = formatPhaseTable(summarise(['steady', 'kill', 'sigterm'], RECORDS, UPSTREAM)).split('\n');
    expect(lines[0]).toBe('| phase | sent | 2xx | 502 | connection error | lost | upstream attempts | attempts per answered request | breaker transitions |');
    expect(lines[3]).toBe('| kill | 4 | 2 | 1 | 1 | 0 | 6 | 2.00 | 1 |');
    expect(lines[5]).toBe('| **total** | 11 | 7 | 1 | 2 | 1 | 11 | 1.38 | 1 |');
  });

  it('prints n/a for breaker transitions when the BFF has no breaker metric', () => {
    const lines = formatPhaseTable(summarise(['steady'], records('steady', 200), { attempts: new Map(), breakerTransitions: undefined })).split('\n');
    expect(lines[2]).toBe('| steady | 1 | 1 | 0 | 0 | 0.00 | n/a |');
  });
});

describe('checkTargets', () => {
  it('checks 0 lost, 0 client 5xx while an instance is down, and attempts per request <= 1.2', () => {
    const checks = checkTargets(summarise(['steady', 'kill', 'sigterm'], RECORDS, UPSTREAM), 'kill');
    expect(checks.map((check) => [check.measured, check.met])).toEqual([
      ['1', false],
      ['1', false],
      ['1.38', false],
    ]);
    expect(formatTargets(checks).split('\n')[2]).toBe('| requests lost = 0 | 1 | **no** |');
  });

  it('meets every target on a clean run', () => {
    const clean = summarise(['kill'], records('kill', 200, 200), { attempts: new Map([['kill', 2]]), breakerTransitions: undefined });
    expect(checkTargets(clean, 'kill').every((check) => check.met)).toBe(true);
  });
});
