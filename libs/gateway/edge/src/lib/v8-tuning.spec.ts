import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { YOUNG_GENERATION_CAP_BYTES } from './v8-tuning';

const ROOT = join(__dirname, '../../../../..');
const MiB = 1024 * 1024;

/**
 * A process that keeps ~12 MB of short-lived objects alive at any moment (each lives for a few
 * collections, as a request's objects do under load) for 2000 turns of the event loop, and prints
 * the largest young generation it saw. With `tune`, it first imports `@bff/gateway-edge/v8` as a
 * BFF's main.ts does.
 */
function largestYoungGeneration(tune: boolean, { nodeFlags = [], nodeOptions = '' }: { nodeFlags?: string[]; nodeOptions?: string } = {}): number {
  const script = `
    ${tune ? "require('./libs/gateway/edge/src/v8.ts');" : ''}
    const { youngGenerationBytes } = require('./libs/gateway/edge/src/lib/v8-tuning.ts');
    const live = new Array(60000);
    let next = 0;
    let largest = 0;
    const turn = (left) => {
      for (let i = 0; i < 3000; i++) live[next++ % live.length] = { id: next, parts: [next, String(next), { at: next }] };
      largest = Math.max(largest, youngGenerationBytes());
      if (left > 0) setImmediate(turn, left - 1);
      else process.stdout.write(String(largest));
    };
    turn(2000);
  `;
  const run = spawnSync(process.execPath, [...nodeFlags, '-r', '@swc-node/register', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json', NODE_OPTIONS: nodeOptions },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`the allocating process failed (${run.status}): ${run.stderr}`);
  return Number(run.stdout);
}

describe('the young generation of a BFF process', () => {
  it('grows past the cap under this load with V8’s defaults, so the load tests the cap', () => {
    expect(largestYoungGeneration(false)).toBeGreaterThan(YOUNG_GENERATION_CAP_BYTES);
  });

  it('grows under load up to the cap, not past it, once @bff/gateway-edge/v8 is imported', () => {
    const largest = largestYoungGeneration(true);
    expect(largest).toBeLessThanOrEqual(YOUNG_GENERATION_CAP_BYTES);
    expect(largest).toBeGreaterThan(4 * MiB);
  });

  it.each([
    ['on the command line', { nodeFlags: ['--max-semi-space-size=16'] }],
    ['in NODE_OPTIONS', { nodeOptions: '--max_semi_space_size=16' }],
  ])('is left to a --max-semi-space-size given %s', (_, where) => {
    expect(largestYoungGeneration(true, where)).toBeGreaterThan(YOUNG_GENERATION_CAP_BYTES);
  });
});

/**
 * A process that makes tick objects (`process.nextTick`), lets them all go, runs a full collection
 * while none is alive, makes another, and prints the address of the map (hidden class) of one tick
 * object before the collection and one after, as V8's `%DebugPrint` shows it (maps do not move in
 * this V8: map space is not compacted). With `tune`, it first imports `@bff/gateway-edge/v8` as a
 * BFF's main.ts does.
 */
function tickObjectMapsAcrossCollection(tune: boolean): string[] {
  const script = `
    ${tune ? "require('./libs/gateway/edge/src/v8.ts');" : ''}
    const { executionAsyncResource } = require('node:async_hooks');
    const printTickObject = () => process.nextTick(() => %DebugPrint(executionAsyncResource()));
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    (async () => {
      for (let i = 0; i < 100; i++) await new Promise((resolve) => process.nextTick(resolve));
      printTickObject();
      await nextTurn();
      await nextTurn();
      globalThis.gc();
      await nextTurn();
      printTickObject();
    })();
  `;
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--expose-gc', '-r', '@swc-node/register', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json' },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`the ticking process failed (${run.status}): ${run.stderr}`);
  const maps = [...run.stdout.matchAll(/^ - map: (0x[0-9a-f]+)/gm)].map(([, address]) => address);
  if (maps.length !== 2) throw new Error(`expected the maps of two tick objects, got:\n${run.stdout}`);
  return maps;
}

describe('the map of process.nextTick’s tick objects', () => {
  it('is collected by a full collection while no tick object is alive, with V8’s defaults, so the process tests the hold', () => {
    const [before, after] = tickObjectMapsAcrossCollection(false);
    expect(after).not.toBe(before);
  });

  it('outlives full collections once @bff/gateway-edge/v8 is imported', () => {
    const [before, after] = tickObjectMapsAcrossCollection(true);
    expect(after).toBe(before);
  });
});
