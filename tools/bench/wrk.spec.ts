import { parseWrk } from './wrk';

const CLEAN = `Running 8s test @ http://127.0.0.1:40123/users/u-1
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.52ms  312.45us   9.87ms   91.20%
    Req/Sec    21.07k     1.02k   22.61k    80.00%
  167745 requests in 8.00s, 76.13MB read
Requests/sec:  20964.71
Transfer/sec:      9.51MB
`;

const WITH_ERRORS = `Running 8s test @ http://127.0.0.1:40124/api/v2/users/u-1
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    10.01ms    2.10ms  80.11ms   90.00%
    Req/Sec     3.20k   150.00     3.51k    70.00%
  25600 requests in 1.00m, 9.10MB read
  Socket errors: connect 0, read 3, write 1, timeout 2
  Non-2xx or 3xx responses: 120
Requests/sec:    426.60
Transfer/sec:    155.30KB
`;

describe('parseWrk', () => {
  it('reads requests, duration and rate of a clean run', () => {
    expect(parseWrk(CLEAN)).toEqual({ requests: 167745, seconds: 8, requestsPerSecond: 20964.71, non2xx: 0, socketErrors: 0 });
  });

  it('reads non-2xx responses, socket errors and other duration units', () => {
    expect(parseWrk(WITH_ERRORS)).toEqual({ requests: 25600, seconds: 60, requestsPerSecond: 426.6, non2xx: 120, socketErrors: 6 });
  });

  it('refuses output without a summary', () => {
    expect(() => parseWrk('unable to connect to 127.0.0.1:1 Connection refused\n')).toThrow('unexpected wrk output');
  });
});
