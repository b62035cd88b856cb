import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { connect, createServer, Server, Socket } from 'node:net';
import { describeWithRedis, freePort, LOCAL_REDIS_URL } from '@bff/gateway-testing';
import { createFailFastRedis, waitForFirstConnection } from './fail-fast-redis';

/** A logger that records what it is told. */
function recordingLogger(): Logger & { warnings: string[]; logs: string[] } {
  const logger = new Logger('test') as Logger & { warnings: string[]; logs: string[] };
  logger.warnings = [];
  logger.logs = [];
  logger.warn = (message: string) => void logger.warnings.push(message);
  logger.log = (message: string) => void logger.logs.push(message);
  return logger;
}

/** Resolves after the client has emitted `count` more `event`s. */
function events(redis: Redis, event: string, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const listener = () => {
      if (++seen < count) return;
      redis.off(event, listener);
      resolve();
    };
    redis.on(event, listener);
  });
}

describeWithRedis('createFailFastRedis', () => {
  const clients: Redis[] = [];
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  const client = (port: number | string, logger = recordingLogger()) => {
    const url = typeof port === 'string' ? port : `redis://127.0.0.1:${port}`;
    const redis = createFailFastRedis({ url, commandTimeoutMs: 1_000, logger, unreachable: 'Redis unreachable', reachableAgain: 'Redis reachable again' });
    clients.push(redis);
    return { redis, logger };
  };

  afterEach(() => {
    clients.splice(0).forEach((redis) => redis.disconnect());
    sockets.splice(0).forEach((socket) => socket.destroy());
    servers.splice(0).forEach((server) => server.close());
  });

  it('answers commands once the first connection is ready', async () => {
    const { redis, logger } = client(LOCAL_REDIS_URL);
    await waitForFirstConnection(redis, 1_000);
    expect(await redis.ping()).toBe('PONG');
    expect(logger.warnings).toEqual([]);
  });

  it('fails commands at once instead of queueing them while Redis is unreachable, and warns once per outage', async () => {
    const port = await freePort();
    const { redis, logger } = client(port);
    await waitForFirstConnection(redis, 1_000);
    await expect(redis.get('any')).rejects.toThrow(/enableOfflineQueue/);
    await events(redis, 'error', 2);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/^Redis unreachable: .*ECONNREFUSED/);
  });

  it('reconnects in the background and says so when Redis returns', async () => {
    const port = await freePort();
    const { redis, logger } = client(port);
    await events(redis, 'error', 1);
    const proxy = createServer((socket) => {
      const upstream = connect(6379, '127.0.0.1');
      sockets.push(socket, upstream);
      socket.pipe(upstream).pipe(socket);
    });
    servers.push(proxy);
    await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
    await events(redis, 'ready', 1);
    expect(await redis.ping()).toBe('PONG');
    expect(logger.logs).toEqual(['Redis reachable again']);
  });
});

describe('@bff/gateway-redis without a client', () => {
  it('leaves ioredis unloaded until the first client is made', () => {
    let loaded = false;
    jest.isolateModules(() => {
      jest.doMock('ioredis', () => {
        loaded = true;
        return jest.requireActual('ioredis');
      });
      const redisLib = jest.requireActual<typeof import('../index')>('../index');
      expect(loaded).toBe(false);
      const redis = redisLib.createFailFastRedis({ url: 'redis://127.0.0.1:1', commandTimeoutMs: 1_000, logger: recordingLogger(), unreachable: 'Redis unreachable' });
      redis.disconnect();
      expect(loaded).toBe(true);
    });
  });
});
