import { DEVELOPMENT_JWT_SECRET } from '@bff/gateway-config';
import { transformFileSync } from '@swc/core';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, release, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Redis from 'ioredis';
import { sign } from 'jsonwebtoken';
import { CpuProfile, formatDifference, formatProfile, ProfiledRun, sourceLocator, summarise } from './cpu-profile';
import { nginxConfig } from './nginx';
import { Options, optionsFrom } from './options';
import type { OpenLoopResult } from './open-loop';
import { cpuMicros, peakRssMib, redisProcessId } from './proc-stats';
import { Child, findExecutable, freePorts, isListening, stopAll, stopAllOnSignals, wasInterrupted } from './processes';
import { samplesOf } from '../chaos/prometheus';
import { formatCostSplit, formatTable, formatTargets, Row, Sample } from './report';
import { median } from './stats';
import { UPSTREAM_BODY } from './upstream';
import { buildWebBff, ROOT, spawnWebBff } from './web-bff';
import { ensureWrk, runWrk, WrkResult } from './wrk';

const SCRIPTS = join(ROOT, 'dist/bench/scripts');
const PROTO = join(ROOT, 'libs/contracts/src/proto/inventory.proto');
const CONNECTIONS = 32;
/**
 * wrk's connections for the dashboard, whose every request waits the upstream delay: 32 ÷ 20 ms
 * allows 1600 req/s, above what its CPU cost lets web-bff serve, so the BFF is the limit. More only
 * queue in web-bff: at 64, a loaded machine pushed answers past wrk's 5 s timeout and failed the row.
 */
const DASHBOARD_CONNECTIONS = 32;
// Seconds chosen so that 8 rows × 3 rounds, web-bff's build and its 12 start-ups fit in 5 minutes
// on this machine on a slow day (5 s of saturation took 276 s without the build).
const WARMUP_SECONDS = 1;
const SATURATION_SECONDS = 4;
const OPEN_LOOP_SECONDS = 3;
const RATE = 400;
const PROFILE_WARMUP_SECONDS = 2;
const PROFILE_TOP = 30;
/** V8 samples the stack every 0.5 ms (1 ms by default): about 20 000 samples in 10 s of load. */
const PROFILE_INTERVAL_US = 500;
/** The dashboard's fixed rate: it costs several times a pass-through's CPU, and 400 req/s would measure a queue on 2 shared cores. */
const DASHBOARD_RATE = 200;
const REDIS_URL = 'redis://127.0.0.1:6379';
const BASELINE = 'upstream directly (baseline)';
const FLOOR = 'bare Node proxy (floor)';
const NEST_FORWARDER = 'Nest on Fastify forwarder, no features';
const FASTIFY_PROXY = '@fastify/http-proxy, no features';
const PASS_THROUGH = 'web-bff pass-through';
const PASS_THROUGH_REDIS = 'web-bff pass-through, REDIS_URL';
const DASHBOARD = `web-bff dashboard aggregation (p50/p99 @${DASHBOARD_RATE}/s)`;
const CACHED = 'web-bff cached GET (HIT)';
const CACHED_PATH = '/api/v1/products/p-2';
const HEADERS: Record<string, string> = {
  authorization: `Bearer ${sign({ sub: 'u-1', roles: [] }, DEVELOPMENT_JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' })}`,
};

/**
 * The upstream of one round, a fresh process per target and round: `record` answers the same user
 * record to every path; `api` answers the services web-bff's dashboard and catalogue call (see
 * api-upstream.ts), with gRPC inventory at `inventory`.
 */
interface Upstream {
  origin: string;
  pid: number;
  inventory?: string;
}

/** A server under test: the URL wrk and the open-loop generator call, the process measured, and a BFF's management origin. */
interface Server {
  url: string;
  pid: number;
  management?: string;
  /** web-bff's: how many lines it has written to stdout, where each request leaves its access line. */
  accessLines?: () => number;
  stop(): Promise<void>;
}

/** A row that is measured: its upstream, its load, how to start its server, and what to check. */
interface Measured {
  name: string;
  /** The row's name on the command line (`--profile <key>`). */
  key: string;
  upstream: 'record' | 'api';
  /** wrk's connections at saturation. */
  connections: number;
  /** Requests per second of the open-loop generator. */
  rate: number;
  /** Sent with every request. */
  headers: Record<string, string>;
  /** Starts the server; `nodeArgs` go to its Node process (`--cpu-prof ...` when profiled). */
  start: (upstream: Upstream, nodeArgs: readonly string[]) => Promise<Server>;
  /**
   * Throws unless the server answers what the row means to measure; run once before measuring.
   * Resolves to the check that the run got only such answers, run after measuring.
   */
  verify?: (server: Server) => Promise<() => Promise<void>>;
  /** Another process on this machine whose CPU the row also costs (Redis), measured over the same wrk run. */
  companion?: Companion;
}

/** A process the bench did not start but measures beside a row's server. */
interface Companion {
  name: string;
  pid: number;
}

/** A row of the table: measured, or why it is not. */
type Target = Measured | { name: string; key: string; reason: string };

/** The parts of web-bff's dashboard answer that show it is whole. */
interface DashboardView {
  orders: unknown[];
  recommendations: { stock: unknown }[];
  meta: { degraded: unknown[] };
}

function log(line: string): void {
  process.stdout.write(`[bench] ${line}\n`);
}

/**
 * Compiles the child scripts to plain JavaScript under dist/bench/scripts (where `undici` still
 * resolves), so the measured processes do not carry a TypeScript compiler in their CPU time and RSS.
 */
function compileScripts(): void {
  mkdirSync(SCRIPTS, { recursive: true });
  for (const name of ['upstream', 'api-upstream', 'bare-proxy', 'nest-forwarder', 'fastify-proxy', 'open-loop', 'processes', 'stats']) {
    const options = {
      swcrc: false,
      jsc: { parser: { syntax: 'typescript' as const, decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' as const },
      module: { type: 'commonjs' as const },
    };
    writeFileSync(join(SCRIPTS, `${name}.js`), transformFileSync(join(__dirname, `${name}.ts`), options).code);
  }
}

/** Runs one of the compiled child scripts as a Node process. */
function startScript(name: string, script: string, args: string[], nodeArgs: readonly string[] = []): Child {
  return Child.start(name, process.execPath, [...nodeArgs, join(SCRIPTS, `${script}.js`), ...args], { PATH: process.env['PATH'] ?? '' }, ROOT);
}

/** Keeps `child` as the measured server once `url` answers 200. */
async function serving(child: Child, url: string, options: { headers?: Record<string, string>; management?: string; cleanUp?: () => void } = {}): Promise<Server> {
  const { headers = HEADERS, management, cleanUp } = options;
  try {
    await child.answers(url, headers);
  } catch (error) {
    await child.stop();
    cleanUp?.();
    throw error;
  }
  return {
    url,
    pid: child.pid,
    management,
    stop: async () => {
      await child.stop();
      cleanUp?.();
    },
  };
}

/** Starts a featureless proxy of the bench (one of its scripts, relaying to the upstream given as its argument). */
const proxyScript =
  (name: string, script: string) =>
  async (upstream: Upstream, nodeArgs: readonly string[]): Promise<Server> => {
    const child = startScript(name, script, [upstream.origin], nodeArgs);
    return serving(child, `http://127.0.0.1:${await child.announcedPort()}/users/u-1`);
  };

async function startNginx(nginx: string, upstream: Upstream): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-nginx-'));
  const [port] = await freePorts(1);
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, port, Number(new URL(upstream.origin).port)));
  const child = Child.start('nginx', nginx, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], { PATH: process.env['PATH'] ?? '' });
  return serving(child, `http://127.0.0.1:${port}/users/u-1`, { cleanUp: () => rmSync(dir, { recursive: true, force: true }) });
}

/** web-bff with every service at `upstream` (inventory too when it serves it), measured at `path`, its access log on (the full pipeline). */
async function startBff(upstream: Upstream, nodeArgs: readonly string[], path: string, env: Record<string, string> = {}, headers = HEADERS): Promise<Server> {
  const { child, port, managementPort } = await spawnWebBff(
    {
      LOG_LEVEL: 'info',
      UPSTREAM_USERS: upstream.origin,
      UPSTREAM_ORDERS: upstream.origin,
      UPSTREAM_PRODUCTS: upstream.origin,
      ...(upstream.inventory && { UPSTREAM_INVENTORY: upstream.inventory }),
      ...env,
    },
    nodeArgs,
  );
  const server = await serving(child, `http://127.0.0.1:${port}${path}`, { headers, management: `http://127.0.0.1:${managementPort}` });
  return { ...server, accessLines: () => child.outputLines };
}

/** The sum of the BFF's `metric` samples (on its management port's `/metrics`) whose labels do not include `except`. */
async function countExcept(server: Server, metric: string, except: string): Promise<number> {
  const response = await fetch(`${server.management}/metrics`);
  if (response.status !== 200) throw new Error(`${server.management}/metrics answered ${response.status}`);
  return samplesOf(await response.text(), metric)
    .filter((sample) => !sample.labels.includes(except))
    .reduce((sum, sample) => sum + sample.value, 0);
}

/**
 * The dashboard must be whole: 200, orders, recommendations with their stock (gRPC inventory
 * answered), nothing in `meta.degraded`; and no part may degrade during the run
 * (`aggregation_part_total` with an outcome other than `ok`).
 */
async function verifyDashboard(server: Server): Promise<() => Promise<void>> {
  const response = await fetch(server.url, { headers: HEADERS });
  const text = await response.text();
  const view = (response.status === 200 ? JSON.parse(text) : undefined) as DashboardView | undefined;
  const whole = view && view.meta.degraded.length === 0 && view.orders.length > 0 && view.recommendations.length > 0 && view.recommendations.every((item) => item.stock !== null);
  if (!whole) throw new Error(`the dashboard is not whole before measuring (status ${response.status}): ${text.slice(0, 300)}`);
  const degraded = () => countExcept(server, 'aggregation_part_total', 'outcome="ok"');
  const before = await degraded();
  return async () => {
    const during = (await degraded()) - before;
    if (during > 0) throw new Error(`${during} dashboard parts degraded during the run (aggregation_part_total on ${server.management}/metrics)`);
  };
}

/** The cached GET must answer `x-cache: HIT` before measuring, and every request of the run must be a HIT (`cache_requests_total`). */
async function verifyCacheHit(server: Server): Promise<() => Promise<void>> {
  const response = await fetch(server.url);
  await response.arrayBuffer();
  const cache = response.headers.get('x-cache');
  if (response.status !== 200 || cache !== 'HIT') throw new Error(`${CACHED_PATH} answered ${response.status} with x-cache ${cache ?? 'missing'} after warming, not a HIT`);
  const notHits = () => countExcept(server, 'cache_requests_total', 'result="hit"');
  const before = await notHits();
  return async () => {
    const during = (await notHits()) - before;
    if (during > 0) throw new Error(`${during} requests of the run were not cache HITs (cache_requests_total on ${server.management}/metrics)`);
  };
}

/** The Redis server at REDIS_URL as a process of this machine, when it is one (its INFO names a pid that /proc shows). */
async function localRedisServer(): Promise<Companion | undefined> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await redis.connect();
    const pid = redisProcessId(await redis.info('server'));
    return pid !== undefined && existsSync(`/proc/${pid}/stat`) ? { name: 'Redis server', pid } : undefined;
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}

async function targets(): Promise<Target[]> {
  const nginx = findExecutable('nginx');
  const redis = new URL(REDIS_URL);
  const redisUp = await isListening(redis.hostname, Number(redis.port));
  const redisServer = redisUp ? await localRedisServer() : undefined;
  const proxied = { upstream: 'record', connections: CONNECTIONS, rate: RATE, headers: HEADERS } as const;
  return [
    { name: BASELINE, key: 'baseline', ...proxied, start: async (upstream) => ({ url: `${upstream.origin}/users/u-1`, pid: upstream.pid, stop: async () => undefined }) },
    { name: FLOOR, key: 'floor', ...proxied, start: proxyScript('bare proxy', 'bare-proxy') },
    { name: NEST_FORWARDER, key: 'nest', ...proxied, start: proxyScript('Nest forwarder', 'nest-forwarder') },
    { name: FASTIFY_PROXY, key: 'fastify-proxy', ...proxied, start: proxyScript('@fastify/http-proxy', 'fastify-proxy') },
    nginx ? { name: 'nginx reverse proxy', key: 'nginx', ...proxied, start: (upstream) => startNginx(nginx, upstream) } : { name: 'nginx reverse proxy', key: 'nginx', reason: 'nginx not installed' },
    { name: PASS_THROUGH, key: 'pass-through', ...proxied, start: (upstream, nodeArgs) => startBff(upstream, nodeArgs, '/api/v2/users/u-1') },
    redisUp
      ? { name: PASS_THROUGH_REDIS, key: 'redis', ...proxied, start: (upstream, nodeArgs) => startBff(upstream, nodeArgs, '/api/v2/users/u-1', { REDIS_URL }), companion: redisServer }
      : { name: PASS_THROUGH_REDIS, key: 'redis', reason: `Redis not reachable at ${REDIS_URL}` },
    {
      name: DASHBOARD,
      key: 'dashboard',
      upstream: 'api',
      connections: DASHBOARD_CONNECTIONS,
      rate: DASHBOARD_RATE,
      headers: HEADERS,
      start: (upstream, nodeArgs) => startBff(upstream, nodeArgs, '/api/v1/dashboard'),
      verify: verifyDashboard,
    },
    {
      name: CACHED,
      key: 'hit',
      upstream: 'api',
      connections: CONNECTIONS,
      rate: RATE,
      headers: {},
      start: (upstream, nodeArgs) => startBff(upstream, nodeArgs, CACHED_PATH, {}, {}),
      verify: verifyCacheHit,
    },
  ];
}

/** A fresh upstream of the kind the target runs against. */
async function startUpstream(kind: Measured['upstream'], delayMs: number): Promise<{ child: Child; upstream: Upstream }> {
  if (kind === 'record') {
    const child = startScript('upstream', 'upstream', []);
    return { child, upstream: { origin: `http://127.0.0.1:${await child.announcedPort()}`, pid: child.pid } };
  }
  const [grpcPort] = await freePorts(1);
  const child = startScript('api upstream', 'api-upstream', [String(delayMs), String(grpcPort), PROTO]);
  return { child, upstream: { origin: `http://127.0.0.1:${await child.announcedPort()}`, pid: child.pid, inventory: `127.0.0.1:${grpcPort}` } };
}

async function openLoop(url: string, rate: number, headers: Record<string, string>): Promise<OpenLoopResult> {
  const headerLines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  const child = startScript('open-loop', 'open-loop', [url, String(rate), String(OPEN_LOOP_SECONDS), ...headerLines]);
  return JSON.parse(await child.finished()) as OpenLoopResult;
}

/**
 * Starts a fresh upstream and the target's server (`nodeArgs` to its Node process), checks it, warms
 * it up for `warmupSeconds`, runs `use` with it and the check to run after the load, and stops both.
 */
async function withServer<T>(
  target: Measured,
  wrk: string,
  options: { delayMs: number; nodeArgs: readonly string[]; warmupSeconds: number },
  use: (server: Server, verified: (() => Promise<void>) | undefined) => Promise<T>,
): Promise<T> {
  const { child: upstreamChild, upstream } = await startUpstream(target.upstream, options.delayMs);
  try {
    const server = await target.start(upstream, options.nodeArgs);
    try {
      const verified = await target.verify?.(server);
      await runWrk(wrk, server.url, target.headers, target.connections, options.warmupSeconds);
      return await use(server, verified);
    } finally {
      await server.stop();
    }
  } finally {
    await upstreamChild.stop();
  }
}

/** What a saturation run measured: wrk's result, the server's CPU over it (and its companion's), and when it ran (`process.hrtime`, µs). */
interface Saturation {
  run: WrkResult;
  cpuUs: number;
  companionCpuUs?: number;
  fromUs: number;
  toUs: number;
}

/** wrk at saturation for `seconds` against the server; fails when an answer was not 2xx/3xx or a socket failed. */
async function saturate(target: Measured, wrk: string, server: Server, seconds: number): Promise<Saturation> {
  const { companion } = target;
  const cpuBefore = cpuMicros(server.pid);
  const companionBefore = companion ? cpuMicros(companion.pid) : 0;
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  const run = await runWrk(wrk, server.url, target.headers, target.connections, seconds);
  const toUs = Number(process.hrtime.bigint() / 1000n);
  const cpuUs = cpuMicros(server.pid) - cpuBefore;
  const companionCpuUs = companion ? cpuMicros(companion.pid) - companionBefore : undefined;
  if (run.non2xx > 0 || run.socketErrors > 0) throw new Error(`wrk got ${run.non2xx} non-2xx/3xx responses and ${run.socketErrors} socket errors`);
  return { run, cpuUs, companionCpuUs, fromUs, toUs };
}

/** Measures one row in one round: saturation, then the fixed rate, then the checks. */
async function measure(target: Measured, wrk: string, delayMs: number): Promise<{ sample: Sample; latency: OpenLoopResult; companionCpuUsPerRequest?: number }> {
  return withServer(target, wrk, { delayMs, nodeArgs: [], warmupSeconds: WARMUP_SECONDS }, async (server, verified) => {
    const { accessLines } = server;
    const linesBefore = accessLines?.() ?? 0;
    const { run, cpuUs, companionCpuUs } = await saturate(target, wrk, server, SATURATION_SECONDS);
    const latency = await openLoop(server.url, target.rate, target.headers);
    if (latency.failed > 0) throw new Error(`${latency.failed} of ${latency.ok + latency.failed} open-loop requests did not get 200`);
    await verified?.();
    // By now (after the open-loop run) the lines of the saturation run have reached the pipe.
    const lines = accessLines ? accessLines() - linesBefore : Infinity;
    if (lines < run.requests) {
      throw new Error(`web-bff wrote ${lines} lines for the ${run.requests} requests of the run: its access log is not on, and the row would not measure the full pipeline`);
    }
    const sample = {
      requestsPerSecond: run.requestsPerSecond,
      p50Us: latency.p50Us,
      p99Us: latency.p99Us,
      cpuUsPerRequest: cpuUs / run.requests,
      peakRssMib: peakRssMib(server.pid),
    };
    return { sample, latency, companionCpuUsPerRequest: companionCpuUs === undefined ? undefined : companionCpuUs / run.requests };
  });
}

/**
 * Profiles one row's server: started under `node --cpu-prof`, checked as the table checks it, warmed
 * up, then loaded by wrk for `seconds`; once it has exited (its profile is written on exit), the
 * profile's samples of the load are summed (see cpu-profile.ts) beside the process's CPU per
 * request. Writes the `.cpuprofile` (a flame graph in Chrome DevTools or speedscope) and the report
 * to dist/bench/profiles/.
 */
async function profileRow(target: Measured, wrk: string, options: Options, machineLine: string): Promise<ProfiledRun & { name: string }> {
  const date = new Date();
  const dir = join(ROOT, 'dist/bench/profiles');
  const name = `${target.key}-${date.toISOString().slice(0, 19).replace(/:/g, '-')}Z`;
  mkdirSync(dir, { recursive: true });
  const nodeArgs = ['--cpu-prof', `--cpu-prof-interval=${PROFILE_INTERVAL_US}`, `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}.cpuprofile`];
  // The server has stopped when this resolves: its profile is written on exit.
  const { run, cpuUs, fromUs, toUs } = await withServer(target, wrk, { delayMs: options.delayMs, nodeArgs, warmupSeconds: PROFILE_WARMUP_SECONDS }, async (server, verified) => {
    const saturation = await saturate(target, wrk, server, options.seconds);
    await verified?.();
    return saturation;
  });
  const cpuUsPerRequest = cpuUs / run.requests;
  const file = join(dir, `${name}.cpuprofile`);
  if (!existsSync(file)) throw new Error(`${target.name} exited without writing ${file}`);
  const summary = summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, fromUs, toUs, sourceLocator(ROOT));
  const report = [
    `# CPU profile: ${target.name}, ${date.toISOString()}`,
    '',
    `Machine: ${machineLine}; load average ${loadAverage()} at the end.`,
    '',
    `Load: \`wrk -t1 -c${target.connections} -d${options.seconds}s\` after a ${PROFILE_WARMUP_SECONDS} s warm-up: ${run.requests} requests, ${Math.round(run.requestsPerSecond)} req/s; the process's CPU (all threads, /proc): ${cpuUsPerRequest.toFixed(1)} µs per request, under the profiler (which costs some).`,
    '',
    formatProfile(summary, { requests: run.requests, isOwn: (owner) => /^(libs|apps)\//.test(owner), top: PROFILE_TOP }),
    `The profile: \`${relative(ROOT, file)}\` (V8's sampling profiler, main thread only: a flame graph in Chrome DevTools, Performance → Load profile, or speedscope). "self" is time in the function itself, "total" with what it called; the project's own code is named by its source through the bundle's source map.`,
    '',
  ].join('\n');
  writeFileSync(join(dir, `${name}.md`), report);
  process.stdout.write(`\n${report}\n`);
  log(`wrote ${relative(ROOT, join(dir, `${name}.md`))} and the profile beside it`);
  return { name, label: target.key, summary, requests: run.requests, cpuUsPerRequest };
}

/** `--profile <row> --against <other>`: profiles the other row, then the row, and itemises what the row costs over it. */
async function profileAgainst(target: Measured, base: Measured, wrk: string, options: Options, machineLine: string): Promise<void> {
  const before = await profileRow(base, wrk, options, machineLine);
  const after = await profileRow(target, wrk, options, machineLine);
  const file = join(ROOT, 'dist/bench/profiles', `${after.name}-over-${base.key}.md`);
  const report = [
    `# CPU profiles: ${target.name} over ${base.name}`,
    '',
    `From \`${before.name}.md\` and \`${after.name}.md\`, profiled one after the other under the same load; self time per request in each.`,
    '',
    formatDifference(before, after, PROFILE_TOP),
  ].join('\n');
  writeFileSync(file, report);
  process.stdout.write(`\n${report}\n`);
  log(`wrote ${relative(ROOT, file)}`);
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

/** What a row's companion cost per request of the row, median and range over the rounds. */
function companionLine(row: string, { name, pid }: Companion, cpuUsPerRequest: readonly number[]): string {
  const [min, max] = [Math.min(...cpuUsPerRequest), Math.max(...cpuUsPerRequest)];
  return `- ${name} (pid ${pid}, not restarted between rounds) during the wrk runs of “${row}”: ${median(cpuUsPerRequest).toFixed(1)} CPU µs/req (${min.toFixed(1)}–${max.toFixed(1)}), on top of web-bff's.`;
}

/** The Markdown report: machine, table and how it was measured. */
function reportOf(
  date: Date,
  machineLine: string,
  rows: readonly Row[],
  options: Options,
  openLoops: readonly OpenLoopResult[],
  loadAtStart: string,
  companions: readonly string[],
): string {
  const { rounds, delayMs } = options;
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
    'Targets of issue #8 (on the medians above):',
    '',
    formatTargets(rows, {
      baseline: BASELINE,
      floor: FLOOR,
      passThrough: PASS_THROUGH,
      redis: PASS_THROUGH_REDIS,
      aggregation: DASHBOARD,
      cached: CACHED,
      bffs: [PASS_THROUGH, PASS_THROUGH_REDIS, DASHBOARD, CACHED],
    }),
    formatCostSplit(rows, { floor: FLOOR, nest: NEST_FORWARDER, passThrough: PASS_THROUGH, peer: FASTIFY_PROXY }),
    '',
    `- Medians of ${rounds} interleaved rounds: each round measures every target once, in table order, each started afresh in front of its own fresh upstream (node:http, keep-alive). Everything runs on this machine, on 127.0.0.1.`,
    `- ${NEST_FORWARDER}: the bare proxy's forwarding (undici pool, end-to-end headers, body streamed) in one Nest controller on Fastify (tools/bench/nest-forwarder.ts), without a guard, interceptor, logger, metric or security header: what Nest costs before the gateway's features.`,
    `- ${FASTIFY_PROXY}: Fastify with \`@fastify/http-proxy\` (reply-from over the bare proxy's undici pool) relaying every path (tools/bench/fastify-proxy.ts), nothing else: the peer the issue's 1.5× target is set to beat (its reference figures: 1.6× the floor's CPU).`,
    `- Pass-through rows: \`GET /users/u-1\` to the upstream and the proxies, \`GET /api/v2/users/u-1\` (relayed to \`/users/u-1\`) to web-bff, each with \`authorization: Bearer <HS256 development token>\`; the upstream answers every path with the same ${Buffer.byteLength(UPSTREAM_BODY)} bytes of JSON. web-bff is the built \`dist/apps/web-bff/main.js\` with LOG_LEVEL=info (an access line per request, to a pipe the bench reads, which counts the lines: a web-bff row that wrote fewer than its wrk run's requests fails) and RATE_LIMIT=100000/1s, its response cache in-process (no REDIS_URL) except where the row says REDIS_URL.`,
    `- Dashboard: \`GET /api/v1/dashboard\` with the token. The upstream (tools/bench/api-upstream.ts, one process) serves users, orders and products over HTTP and inventory over gRPC: the user, their orders and their recommendations, the three calls the dashboard makes in parallel, each answer after ${delayMs} ms; the two lookups that wait for them (\`/products?ids=\`, gRPC \`GetStockBatch\`) answer at once. Before measuring, the dashboard must answer 200 with orders, recommendations with stock and an empty \`meta.degraded\`; after, \`aggregation_part_total\` on web-bff's /metrics must show no part degraded during the run, or the row fails.`,
    `- Cached GET: \`GET ${CACHED_PATH}\` (public catalogue route, \`@CacheRoute\` 30 s), no token, against the same upstream; web-bff's readiness request stores it (MISS), then one GET must answer \`x-cache: HIT\`, and after the run \`cache_requests_total\` must count nothing but HITs, or the row fails.`,
    `- req/s: \`wrk -t1 -c${CONNECTIONS} -d${SATURATION_SECONDS}s\` (the dashboard: \`-c${DASHBOARD_CONNECTIONS}\`, as each request waits at least ${delayMs} ms upstream) after a ${WARMUP_SECONDS} s warm-up; min–max over the rounds in parentheses.`,
    `- p50/p99: open-loop generator (undici, keep-alive) at ${RATE} req/s (the dashboard: ${DASHBOARD_RATE} req/s) for ${OPEN_LOOP_SECONDS} s, each latency from the request's scheduled send time (no coordinated omission).${lag}`,
    '- CPU µs/req: utime+stime (all threads) of the measured process during the wrk run ÷ requests wrk completed; the measured process is the upstream for the baseline, the proxy otherwise. Peak RSS: its VmHWM at the end of the round.',
    ...companions,
    `- wrk, the generator, the upstream and the server share the machine's ${availableParallelism()} CPUs (with whatever else runs on it).`,
    '',
  ].join('\n');
}

/** The row `key`, which must be measurable on this machine. */
function measurable(all: readonly Target[], key: string): Measured {
  const target = all.find((candidate) => candidate.key === key);
  if (target === undefined) throw new Error(`the bench has no row “${key}”`);
  if ('reason' in target) throw new Error(`the row “${target.name}” cannot be measured here: ${target.reason}`);
  return target;
}

async function main(): Promise<void> {
  const [started, loadAtStart] = [Date.now(), loadAverage()];
  stopAllOnSignals(log);
  const options = optionsFrom(process.argv.slice(2));
  const { rounds } = options;
  const wrk = ensureWrk(log);
  const machineLine = machine(wrk);
  log('building web-bff through nx (cached when nothing changed)');
  buildWebBff();
  compileScripts();
  const all = await targets();
  if (options.profile !== undefined) {
    const target = measurable(all, options.profile);
    if (options.against !== undefined) return profileAgainst(target, measurable(all, options.against), wrk, options, machineLine);
    await profileRow(target, wrk, options, machineLine);
    return;
  }
  const samples = new Map<string, Sample[]>();
  const failures = new Map<string, string>();
  const openLoops: OpenLoopResult[] = [];
  const companionCpu = new Map<string, number[]>();
  for (let round = 1; round <= rounds; round++) {
    for (const target of all) {
      if (!('start' in target) || failures.has(target.name)) continue;
      try {
        const { sample, latency, companionCpuUsPerRequest } = await measure(target, wrk, options.delayMs);
        samples.set(target.name, [...(samples.get(target.name) ?? []), sample]);
        openLoops.push(latency);
        if (companionCpuUsPerRequest !== undefined) companionCpu.set(target.name, [...(companionCpu.get(target.name) ?? []), companionCpuUsPerRequest]);
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
  const companions = all.flatMap((target) => {
    const values = companionCpu.get(target.name);
    return 'companion' in target && target.companion && values && !failures.has(target.name) ? [companionLine(target.name, target.companion, values)] : [];
  });
  const report = reportOf(date, machineLine, rows, options, openLoops, loadAtStart, companions);
  const dir = join(ROOT, 'dist/bench');
  const file = join(dir, `bench-${date.toISOString().slice(0, 19).replace(/:/g, '-')}Z.md`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, report);
  writeFileSync(join(dir, 'latest.md'), report);
  process.stdout.write(`\n${report}\n`);
  log(`wrote ${file} and dist/bench/latest.md; took ${Math.round((Date.now() - started) / 1000)} s`);
  if (failures.size > 0) {
    for (const [name, reason] of failures) process.stderr.write(`bench: the row “${name}” FAILED: ${reason}\n`);
    process.exitCode = 1;
  }
}

main().then(
  () => stopAll(),
  async (error: Error) => {
    if (!wasInterrupted()) process.stderr.write(`bench: ${error.message}\n`);
    await stopAll();
    process.exit(wasInterrupted() ? 130 : 1);
  },
);
