import { toCsv } from './samples';

describe('toCsv', () => {
  it('writes a header and one row per sample, leaving missing figures empty', () => {
    const sample = { minutes: 0.0833333, rssMib: 101.25, heapUsedMib: 40.5, activeHandles: 12, eventLoopLagP99Ms: 11.04, requests: 500, errors: 3, p50Ms: 1.2345, p99Ms: NaN, fault: '' };
    expect(toCsv([sample, { ...sample, minutes: 1, fault: 'b slow' }])).toBe(
      'minutes,rssMib,heapUsedMib,activeHandles,eventLoopLagP99Ms,requests,errors,p50Ms,p99Ms,fault\n' +
        '0.083,101.25,40.5,12,11.04,500,3,1.235,,\n' +
        '1,101.25,40.5,12,11.04,500,3,1.235,,b slow\n',
    );
  });
});
