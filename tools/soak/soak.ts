import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, release } from 'node:os';
import { join } from 'node:path';
import { rssMib } from '../bench/proc-stats';
import { sleep, stopAll, stopAllOnSignals, wasInterrupted } from '../bench/processes';
import { markdownTable } from '../bench/report';
import { percentile } from '../bench/stats';
import { buildWebBff, ROOT, spawnWebBff } from '../bench/web-bff';
import { LOAD_HEADERS, scrape, UpstreamInstance, usersPath } from '../chaos/harness';
import { OpenLoopLoad, RequestRecord } from '../chaos/load';
import { valueOf } from '../chaos/prometheus';
import { parseSoakArgs } from './args';
import { FLAT_CRITERION, rssTrend } from './regression';
import { SoakSample, toCsv } from './samples';
import { plotSvg } from './svg';

const RATE = 100;
const SAMPLE_SECONDS = 5;
const FAULT_EVERY_SECONDS = 30;
const FAULT_SECONDS = 4;
const UPSTREAM_TIMEOUT_MS = 1_000;
const MIB = 1024 * 1024;

function log(line: string): void {
  process.stdout.write(`[soak] ${line}\n`);
}

/** Warm-up left out of the RSS slope: a fifth of the run, at most two minutes. */
const warmupMinutes = (minutes: number): number => Math.min(2, minutes / 5);

/** The window's answered requests as a sample's latency and error figures. */
function windowFigures(answered: readonly RequestRecord[]): Pick<SoakSample, 'requests' | 'errors' | 'p50Ms' | 'p99Ms'> {
  const latencies = answered.map((record) => record.latencyMs ?? NaN).sort((a, b) => a - b);
  const ok = (record: RequestRecord) => typeof record.outcome === 'number' && record.outcome >= 200 && record.outcome < 300;
  return {
    requests: answered.length,
    errors: answered.filter((record) => !ok(record)).length,
    p50Ms: latencies.length ? percentile(latencies, 50) : NaN,
    p99Ms: latencies.length ? percentile(latencies, 99) : NaN,
  };
}

const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');

async function main(): Promise<void> {
  const { minutes } = parseSoakArgs(process.argv.slice(2));
  stopAllOnSignals(log);
  log('building web-bff through nx (cached when nothing changed)');
  buildWebBff();

  let attempts = 0;
  const countAttempt = () => attempts++;
  const instances = await Promise.all([UpstreamInstance.start(countAttempt), UpstreamInstance.start(countAttempt)]);
  const bff = await spawnWebBff({ UPSTREAM_USERS: instances.map((instance) => instance.origin).join(','), UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS) });
  await bff.child.answers(`http://127.0.0.1:${bff.port}${usersPath(0)}`, LOAD_HEADERS);
  attempts = 0;

  const load = new OpenLoopLoad(`http://127.0.0.1:${bff.port}`, usersPath, RATE, LOAD_HEADERS, 'soak');
  let fault = '';
  let faults = 0;
  const injectFault = () => {
    const [instance, behaviour] = faults % 2 === 0 ? ([instances[0], 'unavailable'] as const) : ([instances[1], 'slow'] as const);
    const index = instances.indexOf(instance);
    faults++;
    fault = `instance ${index + 1} ${behaviour === 'unavailable' ? 'answers 503' : 'answers slowly'}`;
    instance.behaviour = behaviour;
    setTimeout(() => {
      instance.behaviour = 'ok';
      fault = '';
    }, FAULT_SECONDS * 1000);
  };

  const started = performance.now();
  const end = started + minutes * 60_000;
  load.start();
  const faultTimer = setInterval(injectFault, FAULT_EVERY_SECONDS * 1000);
  const samples: SoakSample[] = [];
  try {
    for (let next = started + SAMPLE_SECONDS * 1000; next <= end + 1; next += SAMPLE_SECONDS * 1000) {
      await sleep(Math.max(0, next - performance.now()));
      if (wasInterrupted() || !bff.child.alive) throw new Error(wasInterrupted() ? 'interrupted' : 'web-bff exited during the soak');
      const metrics = (await scrape(bff.managementPort)) ?? '';
      const sample: SoakSample = {
        minutes: (performance.now() - started) / 60_000,
        rssMib: rssMib(bff.child.pid),
        heapUsedMib: (valueOf(metrics, 'nodejs_heap_size_used_bytes') ?? NaN) / MIB,
        activeHandles: valueOf(metrics, 'nodejs_active_handles_total') ?? NaN,
        eventLoopLagP99Ms: (valueOf(metrics, 'nodejs_eventloop_lag_p99_seconds') ?? NaN) * 1000,
        ...windowFigures(load.takeAnswered()),
        fault,
      };
      samples.push(sample);
      instances.forEach((instance) => instance.forgetRequests());
      log(
        `${fixed(sample.minutes, 2)} min: RSS ${fixed(sample.rssMib)} MiB, heap ${fixed(sample.heapUsedMib)} MiB, ${sample.activeHandles} handles, lag p99 ${fixed(sample.eventLoopLagP99Ms)} ms, p50 ${fixed(sample.p50Ms)} ms, p99 ${fixed(sample.p99Ms)} ms, ${sample.errors}/${sample.requests} errors${fault ? ` (${fault})` : ''}`,
      );
    }
  } finally {
    clearInterval(faultTimer);
    load.stop();
  }
  await load.settle(UPSTREAM_TIMEOUT_MS + 3_000);
  const lost = load.records.filter((record) => record.outcome === undefined).length;
  const errors = load.records.filter((record) => record.outcome !== undefined && !(typeof record.outcome === 'number' && record.outcome < 300)).length;
  const latencies = load.records.map((record) => record.latencyMs ?? NaN).filter(Number.isFinite).sort((a, b) => a - b);
  const sent = load.records.length;
  await load.close();
  await bff.child.stop();
  await Promise.all(instances.map((instance) => instance.kill()));

  const warmup = warmupMinutes(minutes);
  const trend = rssTrend(samples, warmup);
  const after = samples.filter((sample) => sample.minutes >= warmup);
  const range = (values: number[], digits = 1) => `${fixed(Math.min(...values), digits)}–${fixed(Math.max(...values), digits)}`;
  const table = markdownTable(
    ['figure', 'value'],
    [
      ['duration', `${fixed(minutes, 2)} min, ${samples.length} samples every ${SAMPLE_SECONDS} s, warm-up ${fixed(warmup, 2)} min`],
      ['requests sent / errors / lost', `${sent} / ${errors} / ${lost}`],
      ['upstream attempts per request', fixed(attempts / sent, 2)],
      ['latency p50 / p99 (whole run)', `${fixed(percentile(latencies, 50))} / ${fixed(percentile(latencies, 99))} ms`],
      ['RSS after warm-up (min–max)', `${range(after.map((s) => s.rssMib))} MiB`],
      ['RSS slope after warm-up', `${fixed(trend.slopeMibPerMinute, 3)} MiB/min (drift ${fixed(trend.driftMib, 2)} MiB, tolerance ${fixed(trend.noiseMib, 2)} MiB)`],
      ['verdict', trend.flat ? '**flat within noise**' : '**growing** (not flat within noise)'],
      ['heap used after warm-up (min–max)', `${range(after.map((s) => s.heapUsedMib))} MiB`],
      ['active handles after warm-up (min–max)', range(after.map((s) => s.activeHandles), 0)],
      ['event-loop lag p99 (max of samples)', `${fixed(Math.max(...samples.map((s) => s.eventLoopLagP99Ms)))} ms`],
      ['window p99 latency (max of samples)', `${fixed(Math.max(...samples.map((s) => s.p99Ms)))} ms`],
    ],
  );

  const date = new Date();
  const stamp = date.toISOString().slice(0, 19).replace(/:/g, '-');
  const dir = join(ROOT, 'dist/soak');
  const svg = plotSvg(`web-bff soak ${date.toISOString()} (${RATE} req/s, faults every ${FAULT_EVERY_SECONDS} s)`, 'minutes since the load started', [
    {
      title: 'Memory (MiB)',
      series: [
        { name: 'RSS', color: '#1f77b4', points: samples.map((s) => ({ x: s.minutes, y: s.rssMib })) },
        { name: 'heap used', color: '#ff7f0e', points: samples.map((s) => ({ x: s.minutes, y: s.heapUsedMib })) },
      ],
    },
    {
      title: `Latency per ${SAMPLE_SECONDS} s window and event-loop lag (ms)`,
      series: [
        { name: 'p50', color: '#2ca02c', points: samples.map((s) => ({ x: s.minutes, y: s.p50Ms })) },
        { name: 'p99', color: '#d62728', points: samples.map((s) => ({ x: s.minutes, y: s.p99Ms })) },
        { name: 'event-loop lag p99', color: '#9467bd', points: samples.map((s) => ({ x: s.minutes, y: s.eventLoopLagP99Ms })) },
      ],
    },
  ]);
  const report = [
    `# Soak run ${date.toISOString()}`,
    '',
    `Machine: nproc ${availableParallelism()}, Linux ${release()}, node ${process.version}. web-bff from \`dist/apps/web-bff/main.js\` with two users instances (in this process), UPSTREAM_TIMEOUT_MS=${UPSTREAM_TIMEOUT_MS}.`,
    '',
    table,
    '',
    `- Load: open-loop GET \`/api/v2/users/u-<n>\` with a user token at ${RATE} req/s. Faults: every ${FAULT_EVERY_SECONDS} s for ${FAULT_SECONDS} s, instance 1 answers 503 and instance 2 answers 300 ms late, in turn.`,
    `- Samples: RSS from /proc/<pid>/status (VmRSS); heap used, active handles and event-loop lag p99 from the BFF's /metrics (prom-client default metrics); p50/p99 of the requests answered in each window, from send to answer.`,
    `- Verdict: least-squares slope of RSS over the samples after warm-up; ${FLAT_CRITERION}.`,
    `- Files: soak-${stamp}Z.csv and .svg (memory and latency over time) beside this report.`,
    '',
  ].join('\n');
  mkdirSync(dir, { recursive: true });
  for (const [suffix, text] of [
    ['md', report],
    ['csv', toCsv(samples)],
    ['svg', svg],
  ]) {
    writeFileSync(join(dir, `soak-${stamp}Z.${suffix}`), text);
    writeFileSync(join(dir, `latest.${suffix}`), text);
  }
  process.stdout.write(`\n${report}\n`);
  log(`wrote dist/soak/soak-${stamp}Z.{md,csv,svg} and dist/soak/latest.{md,csv,svg}`);
}

main().then(
  () => stopAll(),
  async (error: Error) => {
    if (!wasInterrupted()) process.stderr.write(`soak: ${error.message}\n`);
    await stopAll();
    process.exit(wasInterrupted() ? 130 : 1);
  },
);
