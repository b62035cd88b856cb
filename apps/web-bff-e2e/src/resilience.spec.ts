import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeUpstream, mintToken, RunningBff, startBff } from '@bff/gateway-testing';

const auth = { authorization: `Bearer ${mintToken({ sub: 'u-1', roles: ['user'] })}` };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The users service's breaker state as the management port's metrics tell it (0 closed, 1 half-open, 2 open). */
async function breakerState(bff: RunningBff): Promise<number | undefined> {
  const text = await (await fetch(`${bff.managementUrl}/metrics`)).text();
  const value = /^circuit_breaker_state\{[^}]*service="users"[^}]*\} (\d+)$/m.exec(text)?.[1];
  return value === undefined ? undefined : Number(value);
}

/** Resident memory of a process in KiB (`VmRSS` of /proc/<pid>/status). */
function rssKiB(pid: number): number {
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
}

describe('web-bff: upstream resilience', () => {
  describe('two instances', () => {
    let a: FakeUpstream;
    let b: FakeUpstream;
    let bff: RunningBff;

    beforeEach(async () => {
      a = await FakeUpstream.start();
      b = await FakeUpstream.start();
      bff = await startBff('web-bff', { UPSTREAM_USERS: `${a.url},${b.url}` });
    });

    afterEach(async () => {
      await bff.process.stop();
      await a.close();
      await b.close();
    });

    it('share the traffic, and killing one mid-way through sequential GETs costs no client an error', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) {
        if (i === 20) {
          expect(a.requests.length).toBeGreaterThan(0);
          expect(b.requests.length).toBeGreaterThan(0);
          await a.close();
        }
        const response = await fetch(`${bff.url}/api/v2/users/u-${i}`, { headers: auth });
        await response.arrayBuffer();
        statuses.push(response.status);
      }
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      expect(a.requests.length + b.requests.length).toBeGreaterThanOrEqual(60);
    });

    it('a GET against an instance answering 503 succeeds via the other; a POST is sent exactly once', async () => {
      a.handler = () => ({ status: 503, body: { message: 'overloaded' } });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const response = await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth });
        await response.arrayBuffer();
        statuses.push(response.status);
      }
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      expect(a.requests.length).toBeGreaterThan(0);
      expect(b.requests).toHaveLength(20);

      b.handler = a.handler;
      a.requests.length = 0;
      b.requests.length = 0;
      const post = await fetch(`${bff.url}/api/v2/users`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: '{"username":"grace"}',
      });
      expect(post.status).toBe(502);
      expect(post.headers.get('content-type')).toContain('application/problem+json');
      expect([...a.requests, ...b.requests].map(({ method, body }) => `${method} ${body.toString()}`)).toEqual(['POST {"username":"grace"}']);
    });
  });

  describe('a hung service', () => {
    let users: FakeUpstream;
    let bff: RunningBff;

    beforeAll(async () => {
      users = await FakeUpstream.start(() => ({ status: 200, body: { late: true }, delayMs: 5_000 }));
      bff = await startBff('web-bff', { UPSTREAM_USERS: users.url, UPSTREAM_TIMEOUT_MS: '1000', BREAKER_VOLUME: '50' });
    });

    afterAll(async () => {
      await bff.process.stop();
      await users.close();
    });

    it('answers 504 once the deadline has passed', async () => {
      const response = await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth, signal: AbortSignal.timeout(10_000) });
      expect(response.status).toBe(504);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(users.requests).toHaveLength(1);
    });

    it('honours a smaller x-request-deadline-ms from the caller and passes the time left on', async () => {
      users.requests.length = 0;
      const response = await fetch(`${bff.url}/api/v2/users/u-1`, {
        headers: { ...auth, 'x-request-deadline-ms': '150' },
        signal: AbortSignal.timeout(10_000),
      });
      expect(response.status).toBe(504);
      const left = Number(users.requests[0].headers['x-request-deadline-ms']);
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(150);
    });
  });

  describe('circuit breaker', () => {
    let users: FakeUpstream;
    let bff: RunningBff;

    beforeAll(async () => {
      users = await FakeUpstream.start(() => ({ status: 500, body: { message: 'broken' } }));
      bff = await startBff('web-bff', {
        UPSTREAM_USERS: users.url,
        BREAKER_VOLUME: '3',
        BREAKER_ERROR_PERCENT: '50',
        BREAKER_RESET_MS: '1500',
      });
    });

    afterAll(async () => {
      await bff.process.stop();
      await users.close();
    });

    it('opens on failures: 503 with Retry-After and the service sees nothing; closes again once the service heals', async () => {
      for (let i = 0; i < 3; i++) expect((await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth })).status).toBe(502);
      expect(users.requests).toHaveLength(3);

      const open = await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth });
      expect(open.status).toBe(503);
      expect(open.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(open.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(open.headers.get('retry-after'))).toBeLessThanOrEqual(2);
      expect(JSON.stringify(await open.json())).not.toContain(users.url);
      expect(users.requests).toHaveLength(3);
      expect(await breakerState(bff)).toBe(2);

      users.handler = () => ({ status: 200, body: { id: 'u-1' } });
      let status = 0;
      for (let i = 0; i < 100 && status !== 200; i++) {
        await sleep(100);
        status = (await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth })).status;
      }
      expect(status).toBe(200);
      expect(await breakerState(bff)).toBe(0);
      for (let i = 0; i < 5; i++) expect((await fetch(`${bff.url}/api/v2/users/u-1`, { headers: auth })).status).toBe(200);
    });
  });

  describe('bulkhead', () => {
    let users: FakeUpstream;
    let bff: RunningBff;

    beforeAll(async () => {
      users = await FakeUpstream.start(() => ({ status: 200, body: { slow: true }, delayMs: 2_000 }));
      bff = await startBff('web-bff', { UPSTREAM_USERS: users.url, UPSTREAM_MAX_IN_FLIGHT: '2', UPSTREAM_TIMEOUT_MS: '10000' });
    });

    afterAll(async () => {
      await bff.process.stop();
      await users.close();
    });

    it('refuses a call beyond the service maximum in flight at once, with 503', async () => {
      let settled = 0;
      const slow = [1, 2].map((i) =>
        fetch(`${bff.url}/api/v2/users/u-${i}`, { headers: auth }).then((response) => {
          settled++;
          return response.status;
        }),
      );
      while (users.requests.length < 2) await sleep(20);

      const refused = await fetch(`${bff.url}/api/v2/users/u-3`, { headers: auth });
      expect(settled).toBe(0);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(users.requests).toHaveLength(2);
      expect(await Promise.all(slow)).toEqual([200, 200]);
    });
  });

  describe('large bodies on the pass-through route of user files (64 MiB limit)', () => {
    const SIZE = 32 * 1024 * 1024;
    let upstream: Server;
    let bff: RunningBff;
    let download: Buffer;
    const HALF = 1024 * 1024;
    /** Resolved by the test once the client has read the first half of a held download. */
    let releaseDownload = Promise.resolve();
    /** Called by the upstream once the first half of a held upload has reached it. */
    let uploadHalfArrived = () => undefined as void;

    /**
     * Hashes an upload as it arrives, so the test sees bytes, not copies (`arrived` hears the bytes
     * received so far after each chunk), and answers its sha256 and size.
     */
    function answerUpload(request: IncomingMessage, response: ServerResponse, arrived?: (size: number) => void): void {
      const hash = createHash('sha256');
      let size = 0;
      request.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
        arrived?.(size);
      });
      request.on('end', () => response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sha256: hash.digest('hex'), size })));
    }

    beforeAll(async () => {
      download = randomBytes(SIZE);
      // Downloads come from memory. `/held`: a download answers the first half of two and the rest
      // once `releaseDownload` resolves; an upload calls `uploadHalfArrived` once half of two is in.
      upstream = createServer((request, response) => {
        const held = request.url?.endsWith('/held') ?? false;
        if (request.method !== 'GET') return answerUpload(request, response, held ? (size) => size >= HALF && uploadHalfArrived() : undefined);
        if (!held) {
          response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(SIZE) });
          response.end(download);
          return;
        }
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(2 * HALF) });
        response.write(download.subarray(0, HALF));
        void releaseDownload.then(() => response.end(download.subarray(HALF, 2 * HALF)));
      });
      await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
      // A small young generation makes V8 collect the chunks it has relayed promptly, so resident
      // memory tracks what the BFF holds rather than when it last collected garbage. A BFF that
      // buffered a body would hold all of it, whatever the flag.
      bff = await startBff('web-bff', { UPSTREAM_USERS: url, UPSTREAM_TIMEOUT_MS: '20000', NODE_OPTIONS: '--max-semi-space-size=1' });
    });

    afterAll(async () => {
      await bff.process.stop();
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
    });

    /** Uploads then downloads 32 MiB; answers the sha256 of both sides of each. */
    async function roundTrip(): Promise<{ upload: string[]; download: string[] }> {
      const upload = randomBytes(SIZE);
      const uploaded = await fetch(`${bff.url}/api/v2/files/u-1`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/octet-stream' },
        body: upload,
      });
      expect(uploaded.status).toBe(201);
      const seen = (await uploaded.json()) as { sha256: string; size: number };
      const downloaded = await fetch(`${bff.url}/api/v2/files/u-1/f-1`, { headers: auth });
      expect(downloaded.status).toBe(200);
      return {
        upload: [sha256(upload), seen.sha256],
        download: [sha256(download), sha256(new Uint8Array(await downloaded.arrayBuffer()))],
      };
    }

    it('relay each half of an upload and of a download before the other side sends the rest', async () => {
      // A BFF that waited for a whole body before relaying it would wait here forever: each side
      // sends its second half only once the first has crossed the BFF.
      // The jest timeout would say only that the test took too long: this says which half stuck.
      const crossing = async <T>(step: Promise<T>, what: string): Promise<T> => {
        const done = new AbortController();
        const stuck = sleep(10_000, undefined, { signal: done.signal }).then(() => Promise.reject(new Error(`${what} never crossed the BFF while the other side waited`)));
        try {
          return await Promise.race([step, stuck]);
        } finally {
          done.abort();
        }
      };
      let release = () => undefined as void;
      releaseDownload = new Promise<void>((resolve) => (release = resolve));
      const downloaded = await crossing(fetch(`${bff.url}/api/v2/files/u-1/held`, { headers: auth }), 'the first half of the download');
      expect(downloaded.status).toBe(200);
      const reader = (downloaded.body as ReadableStream<Uint8Array>).getReader();
      const chunks: Uint8Array[] = [];
      let received = 0;
      for (let read = await crossing(reader.read(), 'the first half of the download'); !read.done; read = await reader.read()) {
        chunks.push(read.value);
        received += read.value.length;
        if (received >= HALF) release();
      }
      expect(sha256(Buffer.concat(chunks))).toBe(sha256(download.subarray(0, 2 * HALF)));

      const upload = randomBytes(2 * HALF);
      const halfArrived = new Promise<void>((resolve) => (uploadHalfArrived = resolve));
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(upload.subarray(0, HALF));
          await halfArrived;
          controller.enqueue(upload.subarray(HALF));
          controller.close();
        },
      });
      const uploaded = await crossing(
        fetch(`${bff.url}/api/v2/files/u-1/held`, { method: 'POST', headers: { ...auth, 'content-type': 'application/octet-stream' }, body, duplex: 'half' } as RequestInit),
        'the first half of the upload',
      );
      expect(uploaded.status).toBe(201);
      expect(await uploaded.json()).toEqual({ sha256: sha256(upload), size: 2 * HALF });
    });

    it('stream 32 MiB uploads and downloads byte-identical, the BFF memory growing less than one body', async () => {
      // Warm up: the first transfers size the heap and the allocator, whatever the body size.
      for (let i = 0; i < 4; i++) await roundTrip();
      const baseline = rssKiB(bff.process.pid);
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, rssKiB(bff.process.pid))), 10);
      try {
        for (let i = 0; i < 3; i++) {
          const { upload, download } = await roundTrip();
          expect(upload[1]).toBe(upload[0]);
          expect(download[1]).toBe(download[0]);
        }
      } finally {
        clearInterval(sampler);
      }
      // Streaming grows 4-10 MiB here, but once, under a parallel CI run, collection lagged and it
      // grew 25 MiB: the bound is one body. That the bodies stream at all, the test above shows (a
      // download read whole before relaying grew 22 MiB here, too close to the noise to tell).
      expect(peak - baseline).toBeLessThan(SIZE / 1024);
    }, 90_000);
  });
});
