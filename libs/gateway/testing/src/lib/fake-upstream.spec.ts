import { FakeUpstream } from './fake-upstream';

describe('FakeUpstream', () => {
  let fake: FakeUpstream;

  beforeEach(async () => {
    fake = await FakeUpstream.start();
  });

  afterEach(() => fake.close());

  it('records method, url, headers and body, and echoes by default', async () => {
    const response = await fetch(`${fake.url}/users/u-1?x=1`, { method: 'PUT', headers: { 'x-user-id': 'u-1', 'content-type': 'text/plain' }, body: 'hello' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ method: 'PUT', url: '/users/u-1?x=1' });
    expect(fake.requests).toHaveLength(1);
    const [recorded] = fake.requests;
    expect(recorded).toMatchObject({ method: 'PUT', url: '/users/u-1?x=1' });
    expect(recorded.headers['x-user-id']).toBe('u-1');
    expect(recorded.rawHeaders).toEqual(expect.arrayContaining(['x-user-id', 'u-1']));
    expect(recorded.body.toString()).toBe('hello');
  });

  it("answers with the handler's status, headers and JSON body", async () => {
    fake.handler = (request) => ({ status: 201, headers: { etag: '"v1"' }, body: { got: request.body.toString() } });
    const response = await fetch(fake.url, { method: 'POST', body: 'payload' });
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"v1"');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ got: 'payload' });
  });

  it('sends string and Buffer bodies as they are, without a JSON content type', async () => {
    fake.handler = (request) => (request.url === '/text' ? { body: 'not json' } : { status: 404, headers: { 'content-type': 'image/png' }, body: Buffer.from([0, 255]) });
    const text = await fetch(`${fake.url}/text`);
    expect(text.headers.get('content-type')).toBeNull();
    expect(await text.text()).toBe('not json');
    const binary = await fetch(`${fake.url}/bytes`);
    expect(binary.status).toBe(404);
    expect(binary.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(Buffer.from([0, 255]));
  });

  it('holds a delayed answer back: a client that gives up first gets none, and the request is recorded', async () => {
    fake.handler = () => ({ status: 200, body: 'late', delayMs: 1_000 });
    await expect(fetch(`${fake.url}/slow`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect(fake.requests.map((request) => request.url)).toEqual(['/slow']);
  });

  it('answers GET /health by its healthy flag without recording it', async () => {
    expect((await fetch(`${fake.url}/health`)).status).toBe(200);
    fake.healthy = false;
    const down = await fetch(`${fake.url}/health`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'down' });
    expect(fake.requests).toHaveLength(0);
  });
});
