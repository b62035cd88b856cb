import { FakeUpstream, mintToken, RunningBff, startBff } from '@bff/gateway-testing';
import { Agent, IncomingHttpHeaders, request } from 'node:http';

const auth = { authorization: `Bearer ${mintToken({ sub: 'u-1' })}` };

/** A GET over a keep-alive agent, as a browser or a load balancer would send it. */
function keepAliveGet(agent: Agent, url: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: auth }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web-bff: graceful shutdown with SHUTDOWN_DELAY_MS=1500', () => {
  let users: FakeUpstream;
  let bff: RunningBff;

  beforeAll(async () => {
    users = await FakeUpstream.start((recorded) => ({ body: { id: 'u-1' }, delayMs: recorded.url.includes('slow') ? 1000 : 0 }));
    bff = await startBff('web-bff', { UPSTREAM_USERS: users.url, SHUTDOWN_DELAY_MS: '1500', SHUTDOWN_GRACE_MS: '10000' });
  });

  afterAll(async () => {
    await bff.process.stop();
    await users.close();
  });

  it('fails readiness first, asks keep-alive clients to close, finishes what is in flight, and exits 0', async () => {
    const agent = new Agent({ keepAlive: true });
    const before = await keepAliveGet(agent, `${bff.url}/api/v2/users/u-1`);
    expect(before.status).toBe(200);
    expect(before.headers['connection']).toBe('keep-alive');

    const inFlight = keepAliveGet(new Agent({ keepAlive: true }), `${bff.url}/api/v2/users/slow`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exited = bff.process.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect((await fetch(`${bff.url}/health/ready`)).status).toBe(503);
    const during = await keepAliveGet(agent, `${bff.url}/api/v2/users/u-1`);
    expect(during.status).toBe(200);
    expect(during.headers['connection']).toBe('close');

    const slow = await inFlight;
    expect(slow.status).toBe(200);
    expect(JSON.parse(slow.body)).toEqual({ id: 'u-1' });
    expect(await exited).toBe(0);
    agent.destroy();
  });
});

describe('web-bff: graceful shutdown with no SHUTDOWN_DELAY_MS (the default)', () => {
  let users: FakeUpstream;

  beforeAll(async () => {
    users = await FakeUpstream.start(() => ({ body: { id: 'u-1' }, delayMs: 500 }));
  });

  afterAll(async () => {
    await users.close();
  });

  it('answers a keep-alive request in flight at SIGTERM, then exits 0 without waiting out SHUTDOWN_GRACE_MS', async () => {
    const bff = await startBff('web-bff', { UPSTREAM_USERS: users.url, SHUTDOWN_GRACE_MS: '15000' });
    const agent = new Agent({ keepAlive: true });
    const inFlight = keepAliveGet(agent, `${bff.url}/api/v2/users/u-1`);
    while (users.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const exited = bff.process.stop();

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ id: 'u-1' });
    expect(await exited).toBe(0);
    expect(bff.process.output).not.toContain('grace period over');
    agent.destroy();
  });
});

describe('web-bff: load shedding with LOAD_SHED_IN_FLIGHT=2', () => {
  let users: FakeUpstream;
  let bff: RunningBff;

  beforeAll(async () => {
    users = await FakeUpstream.start(() => ({ body: { id: 'u-1' }, delayMs: 800 }));
    bff = await startBff('web-bff', { UPSTREAM_USERS: users.url, LOAD_SHED_IN_FLIGHT: '2' });
  });

  afterAll(async () => {
    await bff.process.stop();
    await users.close();
  });

  it('answers the requests past the limit with 503 and Retry-After at once, without calling the service, and keeps probes answering', async () => {
    const answers = Array.from({ length: 5 }, () => fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth }));
    const probe = await fetch(`${bff.url}/health/live`);
    expect(probe.status).toBe(200);
    const responses = await Promise.all(answers);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 200, 503, 503, 503]);
    const refused = responses.find((response) => response.status === 503);
    expect(refused?.headers.get('retry-after')).toBe('1');
    expect(refused?.headers.get('content-type')).toContain('application/problem+json');
    expect(users.requests).toHaveLength(2);

    const metrics = await (await fetch(`${bff.managementUrl}/metrics`)).text();
    expect(metrics).toMatch(/load_shed_total\{reason="in_flight",client="web"\} 3/);
    expect((await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth })).status).toBe(200);
  });
});
