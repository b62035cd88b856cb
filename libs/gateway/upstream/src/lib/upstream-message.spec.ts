import { FakeUpstream } from '@bff/gateway-testing';
import { Readable } from 'node:stream';
import { Dispatcher, request } from 'undici';
import { upstreamMessage } from './upstream-message';

describe('upstreamMessage', () => {
  let upstream: FakeUpstream;

  beforeAll(async () => {
    upstream = await FakeUpstream.start();
  });

  afterAll(() => upstream.close());

  async function messageOf(body: unknown): Promise<string | undefined> {
    upstream.handler = () => ({ status: 400, body });
    return upstreamMessage(await request(`${upstream.url}/x`));
  }

  it.each<[string, unknown, string | undefined]>([
    ['a JSON message', { message: 'user not found' }, 'user not found'],
    ['a JSON detail', { detail: 'limit must be positive' }, 'limit must be positive'],
    ['a plain-text line, trimmed', '  quota exceeded\n', 'quota exceeded'],
    ['a line of 200 characters', 'x'.repeat(200), 'x'.repeat(200)],
    ['multi-line text', 'first line\nsecond line', undefined],
    ['a line of 201 characters', 'x'.repeat(201), undefined],
    ['a body over 4 KiB', 'x'.repeat(10_000), undefined],
    ['a JSON message with a control character', { message: 'a\u0007b' }, undefined],
    ['a JSON message that is not a string', { message: ['a', 'b'] }, undefined],
    ['JSON without message or detail', { error: 'Bad Request' }, undefined],
    ['an empty body', '', undefined],
  ])('reads %s', async (_, body, expected) => {
    expect(await messageOf(body)).toBe(expected);
  });

  // Demonstrates a bug: each chunk is decoded on its own, so a character split across chunks is garbled.
  it('decodes a multi-byte character split across two body chunks', async () => {
    const bytes = Buffer.from(JSON.stringify({ message: 'café fermé' }));
    const split = bytes.indexOf(0xa9); // second byte of the first "é"
    const response = { body: Readable.from([bytes.subarray(0, split), bytes.subarray(split)]) } as unknown as Dispatcher.ResponseData;
    expect(await upstreamMessage(response)).toBe('café fermé');
  });
});
