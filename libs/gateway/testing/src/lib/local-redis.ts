import { spawnSync } from 'node:child_process';
import type { RunningBff } from './bff-harness';

/** The Redis this machine and CI run for integration tests. */
export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

let reachable: boolean | undefined;

/** Whether the local Redis accepts connections (checked once, synchronously, for `describe`). */
function localRedisUp(): boolean {
  reachable ??=
    spawnSync(process.execPath, ['-e', "require('net').connect(6379,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"], {
      timeout: 3000,
    }).status === 0;
  return reachable;
}

/**
 * `describe` for suites that need the local Redis. In CI (`CI` set) they always run, so a missing
 * Redis fails them; elsewhere they are skipped with a visible reason.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (localRedisUp() || process.env['CI']) {
    describe(name, body);
    return;
  }
  console.warn(`SKIPPED "${name}": it needs Redis on 127.0.0.1:6379`);
  describe.skip(name, body);
}

/** Waits until the BFF's `/health/ready` is 200 (e.g. connected to Redis); fails after 10 s. */
export async function untilReady(bff: RunningBff): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await fetch(`${bff.url}/health/ready`)).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${bff.url} never became ready:\n${bff.process.output}`);
}
