import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { GatewayLogger } from './gateway.logger';

function capture(level: 'info' | 'debug' | 'silent' = 'info'): { logger: GatewayLogger; text: () => string; lines: () => Record<string, unknown>[] } {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const logger = GatewayLogger.create({ level, name: 'test-bff' }, sink);
  const lines = () =>
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, text: () => text, lines };
}

describe('GatewayLogger', () => {
  afterEach(() => Logger.overrideLogger(false));

  it('writes Nest Logger calls as JSON lines with their context and level', () => {
    const { logger, lines } = capture();
    Logger.overrideLogger(logger);
    new Logger('CircuitBreaker').warn('users: open');
    new Logger('Discovery').error('lookup failed', 'Error: x\n    at y');
    expect(lines()).toEqual([
      expect.objectContaining({ level: 40, name: 'test-bff', context: 'CircuitBreaker', msg: 'users: open' }),
      expect.objectContaining({ level: 50, context: 'Discovery', msg: 'lookup failed', stack: 'Error: x\n    at y' }),
    ]);
  });

  it("keeps Nest's start-up chatter at debug", () => {
    const { logger, lines } = capture();
    logger.log('Mapped {/x, GET} route', 'RouterExplorer');
    logger.log('listening', 'web-bff');
    expect(lines().map((line) => line['msg'])).toEqual(['listening']);
  });

  it('writes access lines at info, probes at debug only', () => {
    const line = { method: 'GET', route: '/health/live', status: 200, durationMs: 1, requestId: 'r', client: 'web', upstreamCalls: 0 };
    const info = capture();
    info.logger.access(line, true);
    info.logger.access({ ...line, route: '/api/x' }, false);
    expect(info.lines()).toEqual([expect.objectContaining({ level: 30, msg: 'request', route: '/api/x' })]);
    const debug = capture('debug');
    debug.logger.access(line, true);
    expect(debug.lines()).toEqual([expect.objectContaining({ level: 20, route: '/health/live' })]);
  });

  it('writes an access line as pino writes the same object, byte for byte but the time', () => {
    const line = {
      method: 'GET',
      route: '/api/"quoted"/\\back\u2028 ünï \u0001',
      status: 429,
      durationMs: 12.5,
      requestId: 'r-1',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      userId: 'u-7',
      client: 'web',
      upstreamCalls: 0,
      rateLimitRemaining: 0,
      rateLimited: true as const,
    };
    const ours = capture();
    const pinos = capture();
    const before = Date.now();
    ours.logger.access(line, false);
    pinos.logger.pino.info(line, 'request');
    const timeless = (text: string) => text.replace(/"time":\d+/, '"time":0');
    expect(timeless(ours.text())).toBe(timeless(pinos.text()));
    expect(ours.lines()).toEqual([{ ...line, level: 30, name: 'test-bff', msg: 'request', time: expect.any(Number) }]);
    expect(ours.lines()[0]['time']).toBeGreaterThanOrEqual(before);
  });

  it('says whether an access line would be written, so none is built in vain', () => {
    expect([capture('info').logger.logsAccess(false), capture('info').logger.logsAccess(true)]).toEqual([true, false]);
    expect([capture('debug').logger.logsAccess(false), capture('debug').logger.logsAccess(true)]).toEqual([true, true]);
    expect(GatewayLogger.create({ level: 'warn', name: 'test-bff' }, new Writable({ write: (_c, _e, done) => done() })).logsAccess(false)).toBe(false);
  });

  it('redacts secret headers if some code logs them', () => {
    const { logger, lines } = capture();
    logger.pino.info({ headers: { authorization: 'Bearer abc', cookie: 'sid=1', 'x-api-key': 'k', accept: 'json' } }, 'headers');
    expect(JSON.stringify(lines())).not.toMatch(/Bearer abc|sid=1|"k"/);
    expect(lines()[0]['headers']).toEqual({ authorization: '[redacted]', cookie: '[redacted]', 'x-api-key': '[redacted]', accept: 'json' });
  });

  it('writes nothing when silent', () => {
    const { logger, lines } = capture('silent');
    logger.error('boom');
    logger.access({ method: 'GET', route: '/x', status: 500, durationMs: 1, requestId: 'r', client: 'web', upstreamCalls: 0 }, false);
    expect(lines()).toEqual([]);
  });
});
