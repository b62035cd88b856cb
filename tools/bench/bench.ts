import { DEVELOPMENT_JWT_SECRET } from '@bff/gateway-config';
import { transformFileSync } from '@swc/core';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from 'jsonwebtoken';
import { nginxConfig } from './nginx';
import type { OpenLoopResult } from './open-loop';
import { cpuMicros, peakRssMib } from './proc-stats';
import { Child, findExecutable, freePorts, isListening, stopAll, stopAllOnSignals, wasInterrupted } from './processes';
import { formatTable, Row, Sample } from './report';
import { median } from './stats';
import { UPSTREAM_BODY } from './upstream';
import { buildWebBff, ROOT, spawnWebBff } from './web-bff';
import { ensureWrk, runWrk } from './wrk';

const SCRIPTS = join(ROOT, 'dist/bench/scripts');
const CONNECTIONS = 32;
const WARMUP_SECONDS = 2;
const SATURATION_SECONDS = 8;
const RATE = 400;
const OPEN_LOOP_SECONDS = 5;
const REDIS_URL = 'redis://127.0.0.1:6379';
const BASELINE = 'upstream directly (baseline)';
const FLOOR = 'bare Node proxy (floor)';
const HEADERS = {
  authorization: `Bearer ${sign({ sub: 'u-1', roles: [] }, DEVELOPMENT_JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' })}`,
};

/** The upstream of one round: a fresh process per target and round. */
interface Upstream {
  origin: string;
  pid: number;
}

/** A server under test: the URL wrk and the open-loop generator call, and the process measured. */
interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A row of the table: how to start its server in front of an upstream, or why it is not measured. */
type Target = { name: string; start: (upstream: Upstream) => Promise<Server> } | { name: string; reason: string };

function log(line: string): void {
  process.stdout.write(`[bench] ${line}\n`);
}

/**
 * Compiles the child scripts to plain JavaScript under dist/bench/scripts (where `undici` still
 * resolves), so the measured processes do not carry a TypeScript compiler in their CPU time and RSS.
 */
function compileScripts(): void {
  mkdirSync(SCRIPTS, { recursive: true });
  for (const name of ['upstream', 'bare-proxy', 'open-loop', 'processes', 'stats']) {
    const options = { swcrc: false, jsc: { parser: { syntax: 'typescript' as const }, target: 'es2022' as const }, module: { type: 'commonjs' as const } };
    writeFileSync(join(SCRIPTS, `${name}.js`), transformFileSync(join(__dirname, `${name}.ts`), options).code);
  }
}

/** Runs one of the compiled child scripts as a Node process. */
function startScript(name: string, script: string, args: string[]): Child {
  return Child.start(name, process.execPath, [join(SCRIPTS, `${script}.js`), ...args], { PATH: process.env['PATH'] ?? '' }, ROOT);
}

/** Keeps `child` as the measured server once `url` answers 200. */
async function serving(child: Child, url: string, cleanUp?: () => void): Promise<Server> {
  try {
    await child.answers(url, HEADERS);
  } catch (error) {
    await child.stop();
    cleanUp?.();
    throw error;
  }
  return {
    url,
    pid: child.pid,
    stop: async () => {
      await child.stop();
      cleanUp?.();
    },
  };
}

async function startBareProxy(upstream: Upstream): Promise<Server> {
  const child = startScript('bare proxy', 'bare-proxy', [upstream.origin]);
  return serving(child, `http://127.0.0.1:${await child.announcedPort()}/users/u-1`);
}

async function startNginx(nginx: string, upstream: Upstream): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-nginx-'));
  const [port] = await freePorts(1);
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, port, Number(new URL(upstream.origin).port)));
  const child = Child.start('nginx', nginx, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], { PATH: process.env['PATH'] ?? '' });
  return serving(child, `http://127.0.0.1:${port}/users/u-1`, () => rmSync(dir, { recursive: true, force: true }));
}

async function startBff(upstream: Upstream, env: Record<string, string>): Promise<Server> {
  const { child, port } = await spawnWebBff({ UPSTREAM_USERS: upstream.origin, UPSTREAM_ORDERS: upstream.origin, UPSTREAM_PRODUCTS: upstream.origin, ...env });
  return serving(child, `http://127.0.0.1:${port}/api/v2/users/u-1`);
}

async function targets(): Promise<Target[]> {
  const nginx = findExecutable('nginx');
  const redis = new URL(REDIS_URL);
  const redisUp = await isListening(redis.hostname, Number(redis.port));
  return [
    { name: BASELINE, start: async (upstream) => ({ url: `${upstream.origin}/users/u-1`, pid: upstream.pid, stop: async () => undefined }) },
    { name: FLOOR, start: startBareProxy },
    nginx ? { name: 'nginx reverse proxy', start: (upstream) => startNginx(nginx, upstream) } : { name: 'nginx reverse proxy', reason: 'nginx not installed' },
    { name: 'web-bff pass-through', start: (upstream) => startBff(upstream, {}) },
    redisUp
      ? { name: 'web-bff pass-through, REDIS_URL', start: (upstream) => startBff(upstream, { REDIS_URL }) }
      : { name: 'web-bff pass-through, REDIS_URL', reason: `Redis not reachable at ${REDIS_URL}` },
    { name: 'web-bff dashboard aggregation', reason: 'not built yet' },
    { name: 'web-bff cached GET', reason: 'not built yet' },
  ];
}

async function openLoop(url: string): Promise<OpenLoopResult> {
  const headerLines = Object.entries(HEADERS).map(([name, value]) => `${name}: ${value}`);
  const child = startScript('open-loop', 'open-loop', [url, String(RATE), String(OPEN_LOOP_SECONDS), ...headerLines]);
  return JSON.parse(await child.finished()) as OpenLoopResult;
}

/** Starts an upstream and the target, measures saturation then the fixed rate, stops both. */
async function measure(start: (upstream: Upstream) => Promise<Server>, wrk: string): Promise<{ sample: Sample; latency: OpenLoopResult }> {
  const upstreamChild = startScript('upstream', 'upstream', []);
  try {
    const upstream = { origin: `http://127.0.0.1:${await upstreamChild.announcedPort()}`, pid: upstreamChild.pid };
    const server = await start(upstream);
    try {
      await runWrk(wrk, server.url, HEADERS, CONNECTIONS, WARMUP_SECONDS);
      const cpuBefore = cpuMicros(server.pid);
      const saturation = await runWrk(wrk, server.url, HEADERS, CONNECTIONS, SATURATION_SECONDS);
      const cpu = cpuMicros(server.pid) - cpuBefore;
      if (saturation.non2xx > 0 || saturation.socketErrors > 0) {
        throw new Error(`wrk got ${saturation.non2xx} non-2xx/3xx responses and ${saturation.socketErrors} socket errors`);
      }
      const latency = await openLoop(server.url);
      if (latency.failed > 0) throw new Error(`${latency.failed} of ${latency.ok + latency.failed} open-loop requests did not get 200`);
      const sample = {
        requestsPerSecond: saturation.requestsPerSecond,
        p50Us: latency.p50Us,
        p99Us: latency.p99Us,
        cpuUsPerRequest: cpu / saturation.requests,
        peakRssMib: peakRssMib(server.pid),
      };
      return { sample, latency };
    } finally {
      await server.stop();
    }
  } finally {
    await upstreamChild.stop();
  }
}

function roundsFrom(argv: readonly string[]): number {
  const index = argv.indexOf('--rounds');
  const rounds = index === -1 ? 3 : Number(argv[index + 1]);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('usage: npm run bench [-- --rounds <n>] (default 3)');
  return rounds;
}

function machine(wrk: string): string {
  const cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
  const wrkVersion = /wrk (\S+)/.exec(spawnSync(wrk, ['-v'], { encoding: 'utf8' }).stdout)?.[1] ?? 'unknown';
  return `nproc ${availableParallelism()}, ${cpu}, Linux ${release()}, node ${process.version}, wrk ${wrkVersion}`;
}

const loadAverage = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

/** The Markdown report: machine, table and how it was measured. */
function reportOf(date: Date, machineLine: string, rows: readonly Row[], rounds: number, openLoops: readonly OpenLoopResult[], loadAtStart: string): string {
  const lag = openLoops.length
    ? ` The generator itself sent a median of ${Math.round(median(openLoops.map((run) => run.sendLagP50Us)))} µs late at p50 and ${Math.round(median(openLoops.map((run) => run.sendLagP99Us)))} µs at p99 (its worker-thread clock and this machine's scheduling): a floor under these latencies.`
    : '';
  return [
    `# Gateway benchmark ${date.toISOString()}`,
    '',
    `Machine: ${machineLine}; load average ${loadAtStart} at the start, ${loadAverage()} at the end.`,
    '',
    formatTable(rows, BASELINE, FLOOR),
    '',
    `- Medians of ${rounds} interleaved rounds: each round measures every target once, in table order, each started afresh in front of its own fresh upstream (node:http, keep-alive, ${Buffer.byteLength(UPSTREAM_BODY)} bytes of JSON). Everything runs on this machine, on 127.0.0.1.`,
    '- Requests: `GET /users/u-1` to the upstream and the proxies, `GET /api/v2/users/u-1` (relayed to `/users/u-1`) to web-bff, each with `authorization: Bearer <HS256 development token>`. web-bff is the built `dist/apps/web-bff/main.js` with LOG_LEVEL=warn and RATE_LIMIT=100000/1s.',
    `- req/s: \`wrk -t1 -c${CONNECTIONS} -d${SATURATION_SECONDS}s\` after a ${WARMUP_SECONDS} s warm-up; min–max over the rounds in parentheses.`,
    `- p50/p99: open-loop generator (undici, keep-alive) at ${RATE} req/s for ${OPEN_LOOP_SECONDS} s, each latency from the request's scheduled send time (no coordinated omission).${lag}`,
    '- CPU µs/req: utime+stime (all threads) of the measured process during the wrk run ÷ requests wrk completed; the measured process is the upstream for the baseline, the proxy otherwise. Peak RSS: its VmHWM at the end of the round.',
    `- wrk, the generator, the upstream and the server share the machine's ${availableParallelism()} CPUs (with whatever else runs on it).`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const [started, loadAtStart] = [Date.now(), loadAverage()];
  stopAllOnSignals(log);
  const rounds = roundsFrom(process.argv.slice(2));
  const wrk = ensureWrk(log);
  const machineLine = machine(wrk);
  log('building web-bff through nx (cached when nothing changed)');
  buildWebBff();
  compileScripts();
  const all = await targets();
  const samples = new Map<string, Sample[]>();
  const failures = new Map<string, string>();
  const openLoops: OpenLoopResult[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const target of all) {
      if (!('start' in target) || failures.has(target.name)) continue;
      try {
        const { sample, latency } = await measure(target.start, wrk);
        samples.set(target.name, [...(samples.get(target.name) ?? []), sample]);
        openLoops.push(latency);
        const { requestsPerSecond, p50Us, p99Us, cpuUsPerRequest } = sample;
        log(
          `round ${round}/${rounds} ${target.name}: ${Math.round(requestsPerSecond)} req/s, p50 ${Math.round(p50Us)} µs, p99 ${Math.round(p99Us)} µs, ${cpuUsPerRequest.toFixed(1)} CPU µs/req`,
        );
      } catch (error) {
        if (wasInterrupted()) throw error;
        failures.set(target.name, (error as Error).message.split('\n')[0]);
        log(`round ${round}/${rounds} ${target.name} failed: ${(error as Error).message}`);
      }
    }
  }
  const rows: Row[] = all.map((target) =>
    'reason' in target
      ? { target: target.name, reason: target.reason }
      : failures.has(target.name)
        ? { target: target.name, reason: `failed: ${failures.get(target.name)}` }
        : { target: target.name, samples: samples.get(target.name) ?? [] },
  );
  const date = new Date();
  const report = reportOf(date, machineLine, rows, rounds, openLoops, loadAtStart);
  const dir = join(ROOT, 'dist/bench');
  const file = join(dir, `bench-${date.toISOString().slice(0, 19).replace(/:/g, '-')}Z.md`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, report);
  writeFileSync(join(dir, 'latest.md'), report);
  process.stdout.write(`\n${report}\n`);
  log(`wrote ${file} and dist/bench/latest.md; took ${Math.round((Date.now() - started) / 1000)} s`);
}

main().then(
  () => stopAll(),
  async (error: Error) => {
    if (!wasInterrupted()) process.stderr.write(`bench: ${error.message}\n`);
    await stopAll();
    process.exit(wasInterrupted() ? 130 : 1);
  },
);
