import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** A request as the fake upstream received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  headers: IncomingHttpHeaders;
  /** Raw header names and values in arrival order (duplicates kept). */
  rawHeaders: string[];
  body: Buffer;
}

/** How the fake upstream answers one request. */
export interface FakeResponse {
  status?: number;
  headers?: Record<string, string | string[]>;
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
}

/** A handler deciding the answer to each request; the default answers 200 with a JSON echo. */
export type FakeHandler = (request: RecordedRequest) => FakeResponse | Promise<FakeResponse>;

const echo: FakeHandler = (request) => ({
  status: 200,
  body: { method: request.method, url: request.url },
});

/**
 * A real HTTP server standing in for an upstream service in tests: it records every request and
 * answers as told. `GET /health` answers 200 unless `healthy` is false, and is not recorded.
 *
 * @example
 * const users = await FakeUpstream.start((req) => ({ status: 200, body: { id: 'u-1' } }));
 * // ... point UPSTREAM_USERS at users.url, call the BFF, then:
 * expect(users.requests[0].headers['x-user-id']).toBe('u-1');
 * await users.close();
 */
export class FakeUpstream {
  readonly requests: RecordedRequest[] = [];
  healthy = true;
  private readonly sockets = new Set<import('node:net').Socket>();

  private constructor(
    private readonly server: Server,
    public handler: FakeHandler,
  ) {}

  /** Starts a fake upstream on an ephemeral (or the given) loopback port. */
  static async start(handler: FakeHandler = echo, port = 0): Promise<FakeUpstream> {
    const server = createServer();
    const fake = new FakeUpstream(server, handler);
    server.on('request', (req, res) => fake.handle(req, res).catch(() => res.destroy()));
    server.on('connection', (socket) => {
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    return fake;
  }

  /** Base URL, `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Stops listening and drops every open connection. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(this.healthy ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: this.healthy ? 'ok' : 'down' }));
      return;
    }
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      body: Buffer.concat(chunks),
    };
    this.requests.push(recorded);
    const answer = await this.handler(recorded);
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs).unref());
    if (res.destroyed) return;
    const isBuffer = Buffer.isBuffer(answer.body);
    const body =
      answer.body === undefined ? '' : isBuffer || typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    const headers = {
      ...(answer.body !== undefined && !isBuffer && typeof answer.body !== 'string'
        ? { 'content-type': 'application/json' }
        : {}),
      ...answer.headers,
    };
    res.writeHead(answer.status ?? 200, headers);
    res.end(body);
  }
}
