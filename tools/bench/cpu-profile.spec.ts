import { transformSync } from '@swc/core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallFrame, CpuProfile, formatDifference, formatProfile, ownerOf, sourceLocator, summarise, workspaceFileOf } from './cpu-profile';

const ROOT = '/repo';

/** A call frame as V8 writes it (0-based line). */
const frame = (functionName: string, url = '', lineNumber = 0): CallFrame => ({ functionName, url, lineNumber, columnNumber: 0 });

describe('ownerOf', () => {
  it.each([
    ['node:internal/streams/writable', 'node:internal/streams/writable'],
    ['/repo/node_modules/undici/lib/dispatcher/client-h1.js', 'undici'],
    ['/repo/node_modules/@nestjs/core/router/router-execution-context.js', '@nestjs/core'],
    ['/repo/node_modules/a/node_modules/@scope/b/index.js', '@scope/b'],
    ['libs/gateway/upstream/src/lib/pass-through.proxy.ts', 'libs/gateway/upstream'],
    ['/repo/libs/web/feature-users/src/lib/users-v2.route.ts', 'libs/web/feature-users'],
    ['apps/web-bff/src/main.ts', 'apps/web-bff'],
    ['/repo/tools/bench/bare-proxy.js', 'tools/bench'],
    ['node_modules/@grpc/grpc-js/src/channel.ts', '@grpc/grpc-js'],
    ['/repo/dist/apps/web-bff/main.js', 'apps/web-bff'],
    ['/repo/dist/bench/scripts/bare-proxy.js', 'tools/bench'],
    ['/repo/libs/my_node_modules/x.ts', 'libs/my_node_modules/x.ts'],
    ['/elsewhere/script.js', '/elsewhere/script.js'],
  ])('%s belongs to %s', (source, owner) => {
    expect(ownerOf(source, ROOT)).toBe(owner);
  });
});

describe('sourceLocator', () => {
  it("names a function called like an Object method (toString, constructor) by its script, not by Object's prototype", () => {
    const locate = sourceLocator(ROOT);
    expect(locate(frame('toString', '/repo/node_modules/fastify/lib/reply.js', 4))).toEqual({ name: 'toString', where: 'node_modules/fastify/lib/reply.js:5', owner: 'fastify' });
    expect(locate(frame('constructor'))).toEqual({ name: 'constructor', where: '', owner: 'native: V8 builtins and Node bindings' });
  });
});

describe('workspaceFileOf', () => {
  const bundle = '/repo/dist/apps/web-bff/main.js';

  it('reads webpack sources relative to the app folder as workspace files', () => {
    expect(workspaceFileOf('webpack:///../../libs/gateway/edge/src/lib/bootstrap.ts', bundle, ROOT)).toBe('libs/gateway/edge/src/lib/bootstrap.ts');
    expect(workspaceFileOf('webpack:///./src/main.ts', bundle, ROOT)).toBe('apps/web-bff/src/main.ts');
    expect(workspaceFileOf('webpack:///src/main.ts', bundle, ROOT)).toBe('apps/web-bff/src/main.ts');
  });

  it('makes absolute sources (a development build names them so) relative to the root', () => {
    expect(workspaceFileOf('/repo/libs/gateway/lru/src/lib/lru-map.ts', bundle, ROOT)).toBe('libs/gateway/lru/src/lib/lru-map.ts');
  });

  it("reads other sources relative to their script, as a package's own map names them", () => {
    expect(workspaceFileOf('../src/index.ts', '/repo/node_modules/keyv/dist/index.cjs', ROOT)).toBe('node_modules/keyv/src/index.ts');
    expect(workspaceFileOf('spin.ts', '/tmp/x/out.js', ROOT)).toBe('/tmp/x/spin.ts');
  });
});

describe('summarise', () => {
  // root -> handle -> parse ; root -> handle -> handle (recursion) -> stringify (native) ; (idle) ; (garbage collector)
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 6, 7] },
      { id: 2, callFrame: frame('handle', '/repo/libs/gateway/edge/src/lib/a.js', 9), children: [3, 4] },
      { id: 3, callFrame: frame('parse', '/repo/node_modules/undici/lib/parse.js', 1) },
      { id: 4, callFrame: frame('handle', '/repo/libs/gateway/edge/src/lib/a.js', 9), children: [5] },
      { id: 5, callFrame: frame('stringify') },
      { id: 6, callFrame: frame('(idle)') },
      { id: 7, callFrame: frame('(garbage collector)') },
    ],
    startTime: 1_000,
    endTime: 2_000,
    // Sample times: 1100 (before the window), 1200, 1300, 1400, 1500, 1600, 1700, 1900 (after it).
    samples: [3, 3, 5, 2, 6, 7, 3, 5],
    timeDeltas: [100, 100, 100, 100, 100, 100, 100, 200],
  };
  const summary = summarise(profile, 1_150, 1_800, sourceLocator(ROOT));
  const of = (name: string) => summary.functions.find((entry) => entry.name === name);

  it('counts only the samples inside the window, idle apart from busy', () => {
    expect(summary.samples).toBe(6);
    expect(summary.idleUs).toBe(100);
    expect(summary.busyUs).toBe(500);
  });

  it('gives each function its self time, and a total that counts a recursive function once per sample', () => {
    expect(of('parse')).toMatchObject({ selfUs: 200, totalUs: 200, owner: 'undici', where: 'node_modules/undici/lib/parse.js:2' });
    expect(of('stringify')).toMatchObject({ selfUs: 100, totalUs: 100, owner: 'native: V8 builtins and Node bindings', where: '' });
    expect(of('handle')).toMatchObject({ selfUs: 100, totalUs: 400, owner: 'libs/gateway/edge', where: 'libs/gateway/edge/src/lib/a.js:10' });
    expect(of('(garbage collector)')).toMatchObject({ selfUs: 100, owner: 'V8: garbage collection' });
    expect(of('(idle)')).toBeUndefined();
    expect(of('(root)')).toBeUndefined();
    expect(summary.functions.map((entry) => entry.name)).toEqual(['parse', 'handle', '(garbage collector)', 'stringify']);
  });

  it('sums self time by owner, largest first (ties by name)', () => {
    expect(summary.owners).toEqual([
      { owner: 'undici', selfUs: 200 },
      { owner: 'V8: garbage collection', selfUs: 100 },
      { owner: 'libs/gateway/edge', selfUs: 100 },
      { owner: 'native: V8 builtins and Node bindings', selfUs: 100 },
    ]);
  });

  it('reports shares of the busy time and microseconds per request, the own code apart', () => {
    const text = formatProfile(summary, { requests: 50, isOwn: (owner) => owner.startsWith('libs/'), top: 2 });
    expect(text).toContain('busy 1 ms (10.00 µs per request), idle 0 ms');
    expect(text).toContain('| undici | 40.0% | 4.00 |');
    expect(text).toContain('| `parse` | `node_modules/undici/lib/parse.js:2` | undici | 40.0% | 4.00 | 40.0% | 4.00 |');
    expect(text).not.toContain('| `stringify` |');
    expect(text).toMatch(/own functions by total time \(top 2\)\n\n.*\n.*\n\| `handle` \| `libs\/gateway\/edge\/src\/lib\/a\.js:10` \| libs\/gateway\/edge \| 20\.0% \| 2\.00 \| 80\.0% \| 8\.00 \|/);
  });
});

describe('a profile of a real process', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cpu-profile-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the function that burned the CPU in the window, named by its TypeScript source through the source map', () => {
    const source = [
      'interface Unused {',
      '  a: number;',
      '  b: string;',
      '}',
      'const now = (): number => Number(process.hrtime.bigint() / 1000n);',
      'function spin(ms: number): number {',
      '  let x = 0;',
      '  const end = Date.now() + ms;',
      '  while (Date.now() < end) x += Math.sqrt(x + 1);',
      '  return x;',
      '}',
      'const idleUntil = Date.now() + 150;',
      'while (Date.now() < idleUntil);',
      'const from = now();',
      'spin(400);',
      'process.stdout.write(JSON.stringify({ from, to: now() }));',
    ].join('\n');
    const { code, map } = transformSync(source, { filename: 'spin.ts', sourceMaps: true, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } });
    writeFileSync(join(dir, 'spin.js'), `${code}\n//# sourceMappingURL=spin.js.map\n`);
    writeFileSync(join(dir, 'spin.js.map'), map as string);
    const window = JSON.parse(execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval=200', `--cpu-prof-dir=${dir}`, join(dir, 'spin.js')], { encoding: 'utf8' })) as { from: number; to: number };
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile')) as string;
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const locate = sourceLocator(dir);

    const spinning = summarise(profile, window.from, window.to, locate);
    const spin = spinning.functions.find((entry) => entry.name === 'spin');
    expect(spin?.where).toBe('spin.ts:6');
    expect((spin?.selfUs ?? 0) / spinning.busyUs).toBeGreaterThan(0.5);

    const before = summarise(profile, profile.startTime, window.from, locate);
    expect(before.functions.find((entry) => entry.name === 'spin')).toBeUndefined();
  });
});

describe('formatDifference', () => {
  const location = (name: string, owner: string) => ({ name, where: `${owner}/x.ts:1`, owner });
  const run = (label: string, requests: number, cpuUsPerRequest: number, functions: [string, string, number][]) => {
    const entries = functions.map(([name, owner, selfUs]) => ({ ...location(name, owner), selfUs, totalUs: selfUs }));
    const owners = new Map<string, number>();
    for (const entry of entries) owners.set(entry.owner, (owners.get(entry.owner) ?? 0) + entry.selfUs);
    return {
      label,
      requests,
      cpuUsPerRequest,
      summary: {
        samples: entries.length,
        idleUs: 0,
        busyUs: entries.reduce((sum, entry) => sum + entry.selfUs, 0),
        owners: [...owners].map(([owner, selfUs]) => ({ owner, selfUs })),
        functions: entries,
      },
    };
  };
  // 100 and 50 requests: the same 1000 µs of `write` are 10 µs per request before and 20 after.
  const nest = run('nest', 100, 30, [
    ['write', 'node', 1000],
    ['route', 'nest', 500],
    ['gone', 'nest', 200],
  ]);
  const bff = run('pass-through', 50, 70, [
    ['write', 'node', 1000],
    ['route', 'nest', 250],
    ['guard', 'libs/auth', 400],
  ]);
  const text = formatDifference(nest, bff, 3);

  it('compares the process CPU and the main thread per request', () => {
    expect(text).toContain('### pass-through over nest, µs per request');
    expect(text).toContain('| process CPU (all threads, /proc) | 30.00 | 70.00 | +40.00 |');
    expect(text).toContain('| main thread busy (profile) | 17.00 | 33.00 | +16.00 |');
  });

  it('itemises by owner and by function per request, largest growth first, with what only one run had', () => {
    const owners = text.slice(text.indexOf('#### By owner'), text.indexOf('#### The 3'));
    expect(owners.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| owner') && !line.startsWith('| ---'))).toEqual([
      '| node | 10.00 | 20.00 | +10.00 |',
      '| libs/auth | 0.00 | 8.00 | +8.00 |',
      '| nest | 7.00 | 5.00 | −2.00 |',
    ]);
    const functions = text.slice(text.indexOf('#### The 3'));
    expect(functions).toContain('| `write` | `node/x.ts:1` | node | 10.00 | 20.00 | +10.00 |');
    expect(functions).toContain('| `guard` | `libs/auth/x.ts:1` | libs/auth | 0.00 | 8.00 | +8.00 |');
    expect(functions).toContain('| `route` | `nest/x.ts:1` | nest | 5.00 | 5.00 | +0.00 |');
    expect(functions).not.toContain('`gone`');
  });
});
