import { parseDuration } from '@bff/gateway-config';
import { mintToken } from '@bff/gateway-testing';

const USAGE = 'usage: npm run token -- --sub <id> [--roles a,b] [--scope "read write"] [--ttl 15m]';

/** Parses the token CLI's arguments; throws with the usage line when they are wrong. */
export function parseTokenArgs(argv: readonly string[]): { sub: string; roles: string[]; scope?: string; ttlSeconds: number } {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (!['--sub', '--roles', '--scope', '--ttl'].includes(flag)) throw new Error(`unknown argument ${JSON.stringify(flag)}\n${USAGE}`);
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
    values.set(flag, value);
  }
  const sub = values.get('--sub');
  if (!sub) throw new Error(`--sub is required\n${USAGE}`);
  const ttlMs = parseDuration(values.get('--ttl') ?? '15m');
  if (ttlMs === undefined || ttlMs < 1000) throw new Error(`--ttl must be a duration such as 90s, 15m or 2h\n${USAGE}`);
  const roles = (values.get('--roles') ?? '').split(',').map((role) => role.trim()).filter(Boolean);
  return { sub, roles, scope: values.get('--scope'), ttlSeconds: Math.floor(ttlMs / 1000) };
}

if (require.main === module) {
  try {
    const { sub, roles, scope, ttlSeconds } = parseTokenArgs(process.argv.slice(2));
    process.stdout.write(`${mintToken({ sub, roles, scope, ttl: ttlSeconds })}\n`);
  } catch (error) {
    process.stderr.write(`token: ${(error as Error).message}\n`);
    process.exit(2);
  }
}
