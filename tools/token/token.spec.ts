import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { verify } from 'jsonwebtoken';
import { DEVELOPMENT_JWT_SECRET } from '@bff/gateway-config';
import { parseTokenArgs } from './token';

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');

describe('parseTokenArgs', () => {
  it('reads sub, roles, scope and ttl', () => {
    expect(parseTokenArgs(['--sub', 'u-1', '--roles', 'admin, ops', '--scope', 'read write', '--ttl', '90s'])).toEqual({
      sub: 'u-1',
      roles: ['admin', 'ops'],
      scope: 'read write',
      ttlSeconds: 90,
    });
  });

  it('defaults to no roles and 15 minutes', () => {
    expect(parseTokenArgs(['--sub', 'u-2'])).toEqual({ sub: 'u-2', roles: [], scope: undefined, ttlSeconds: 900 });
  });

  it.each([
    [[], /--sub is required/],
    [['--sub'], /--sub needs a value/],
    [['--sub', 'u-1', '--ttl', '3d'], /--ttl must be a duration/],
    [['--user', 'u-1'], /unknown argument "--user"/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseTokenArgs(argv)).toThrow(message);
  });
});

describe('npm run token', () => {
  it('prints a token the BFFs development configuration accepts', async () => {
    const { stdout } = await run('npm', ['run', '-s', 'token', '--', '--sub', 'u-1', '--roles', 'admin', '--ttl', '5m'], { cwd: ROOT });
    const claims = verify(stdout.trim(), DEVELOPMENT_JWT_SECRET, { algorithms: ['HS256'] }) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: 'u-1', roles: ['admin'] });
    expect((claims['exp'] as number) - (claims['iat'] as number)).toBe(300);
  });

  it('exits 2 with the usage line on bad arguments', async () => {
    await expect(run('npm', ['run', '-s', 'token', '--', '--ttl', '5m'], { cwd: ROOT })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: npm run token'),
    });
  });
});
