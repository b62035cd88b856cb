import { FakeUpstream, mintToken, RunningBff, startBff } from '@bff/gateway-testing';

describe('web-bff: ANY /api/v1/users/<rest> is the v2 pass-through in the v1 shape', () => {
  let users: FakeUpstream;
  let bff: RunningBff;
  const auth = { authorization: `Bearer ${mintToken({ sub: 'u-1' })}` };
  const ada = { id: 'u-1', username: 'ada', name: 'Ada Lovelace' };

  beforeAll(async () => {
    users = await FakeUpstream.start();
    bff = await startBff('web-bff', { UPSTREAM_USERS: users.url });
  });

  afterAll(async () => {
    await bff.process.stop();
    await users.close();
  });

  beforeEach(() => {
    users.requests.length = 0;
    users.handler = () => ({ status: 200, body: ada });
  });

  it('shows the same service answer as username in v2 and user_name in v1', async () => {
    const v2 = await (await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth })).json();
    const v1Response = await fetch(`${bff.url}/api/v1/users/u-1`, { headers: auth });
    expect(v1Response.status).toBe(200);
    expect(v2).toEqual(ada);
    expect(await v1Response.json()).toEqual({ id: 'u-1', user_name: 'ada', name: 'Ada Lovelace' });
    expect(users.requests.map((request) => request.url)).toEqual(['/users/u-1', '/users/u-1']);
  });

  it('renames inside lists and keeps the query', async () => {
    users.handler = () => ({ status: 200, body: { items: [ada], total: 1 } });
    const response = await fetch(`${bff.url}/api/v1/users?limit=1&offset=0`, { headers: auth });
    expect(await response.json()).toEqual({ items: [{ id: 'u-1', user_name: 'ada', name: 'Ada Lovelace' }], total: 1 });
    expect(users.requests[0].url).toBe('/users?limit=1&offset=0');
  });

  it('renames a v1 request body before it reaches the service, and keeps the status', async () => {
    users.handler = (request) => ({ status: 201, body: { id: 'u-31', ...JSON.parse(request.body.toString()) } });
    const response = await fetch(`${bff.url}/api/v1/users`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ user_name: 'grace', name: 'Grace Hopper', email: 'grace@example.com' }),
    });
    expect(response.status).toBe(201);
    expect(JSON.parse(users.requests[0].body.toString())).toEqual({ username: 'grace', name: 'Grace Hopper', email: 'grace@example.com' });
    expect(users.requests[0].method).toBe('POST');
    expect(await response.json()).toEqual({ id: 'u-31', user_name: 'grace', name: 'Grace Hopper', email: 'grace@example.com' });
  });

  it('answers 204 without a body for a DELETE', async () => {
    users.handler = () => ({ status: 204 });
    const response = await fetch(`${bff.url}/api/v1/users/u-1`, { method: 'DELETE', headers: auth });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(users.requests[0].method).toBe('DELETE');
  });

  it('keeps a service 404 as a problem', async () => {
    users.handler = () => ({ status: 404, body: { message: 'user not found' } });
    const response = await fetch(`${bff.url}/api/v1/users/u-404`, { headers: auth });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ detail: 'user not found' });
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await fetch(`${bff.url}/api/v1/users`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: 'user_name=grace',
    });
    expect(response.status).toBe(415);
    expect(users.requests).toHaveLength(0);
  });
});
