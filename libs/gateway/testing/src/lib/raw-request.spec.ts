import { FakeUpstream } from './fake-upstream';
import { rawRequest } from './raw-request';

describe('rawRequest', () => {
  let fake: FakeUpstream;

  beforeAll(async () => {
    fake = await FakeUpstream.start((request) => ({ status: 202, headers: { 'x-seen': request.url }, body: request.body }));
  });

  afterAll(() => fake.close());

  it.each(['/a/../b', '/a/./b', '/a//b', '/a/%2e%2e/b?x=/../'])('sends the path %s untouched', async (path) => {
    await rawRequest(fake.url, { path });
    expect(fake.requests.at(-1)?.url).toBe(path);
  });

  it('sends method, any headers and body, and reads the answer whole', async () => {
    const response = await rawRequest(fake.url, { method: 'POST', path: '/x', headers: { connection: 'x-user-id', 'x-user-id': 'u-1' }, body: 'payload' });
    expect(response.status).toBe(202);
    expect(response.headers['x-seen']).toBe('/x');
    expect(response.body.toString()).toBe('payload');
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', headers: { connection: 'x-user-id', 'x-user-id': 'u-1' } });
  });
});
