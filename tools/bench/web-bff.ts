import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Child, freePorts } from './processes';

/** The repository root, where `dist/` is. */
export const ROOT = join(__dirname, '../..');

/** web-bff started from `dist/apps/web-bff/main.js`: its process, public port and management port. */
export interface WebBff {
  child: Child;
  port: number;
  managementPort: number;
}

/** `nx build web-bff` (cached by nx when nothing changed); throws with nx's output when it fails. */
export function buildWebBff(): void {
  const nx = spawnSync(
    process.execPath,
    [require.resolve('nx/bin/nx'), 'build', 'web-bff', '--output-style=static'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    },
  );
  if (nx.status !== 0)
    throw new Error(`npx nx build web-bff failed:\n${nx.stdout}${nx.stderr}`);
}

/**
 * Starts the built web-bff on free loopback ports with exactly `env` on top of HOST, PORT,
 * MANAGEMENT_PORT, LOG_LEVEL=warn and a rate limit no load of these tools reaches; `nodeArgs` go to
 * Node before the script.
 */
export async function spawnWebBff(
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): Promise<WebBff> {
  const [port, managementPort] = await freePorts(2);
  const child = Child.start(
    'web-bff',
    process.execPath,
    [...nodeArgs, join(ROOT, 'dist/apps/web-bff/main.js')],
    {
      PATH: process.env['PATH'] ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      MANAGEMENT_PORT: String(managementPort),
      LOG_LEVEL: 'warn',
      RATE_LIMIT: '100000/1s',
      ...env,
    },
    ROOT,
  );
  return { child, port, managementPort };
}
