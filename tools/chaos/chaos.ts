import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, release } from 'node:os';
import { join } from 'node:path';
import { Child, freePorts, sleep, stopAll, stopAllOnSignals, wasInterrupted } from '../bench/processes';
import { buildWebBff, ROOT, spawnWebBff } from '../bench/web-bff';
import { checkTargets, formatPhaseTable, formatTargets, summarise, TargetCheck } from './accounting';
import { BreakerWatch, killNow, LOAD_HEADERS, startRedis, UpstreamInstance, usersPath } from './harness';
import { OpenLoopLoad } from './load';

const RATE = 200;
const UPSTREAM_TIMEOUT_MS = 500;
const SHUTDOWN_DELAY_MS = 1_000;
const INSTANCE_DOWN = 'one instance killed';

/** A phase of the run: what it does as it begins, and how long the load then runs. */
interface Phase {
  name: string;
  seconds: number;
  begin: () => Promise<void>;
}

function log(line: string): void {
  process.stdout.write(`[chaos] ${line}\n`);
}

/** The report: the phase table, the targets, what was done and how it was counted. */
function reportOf(date: Date, phases: readonly Phase[], table: string, targets: readonly TargetCheck[], breakerLog: readonly string[]): string {
  return [
    `# Chaos run ${date.toISOString()}`,
    '',
    `Machine: nproc ${availableParallelism()}, Linux ${release()}, node ${process.version}. web-bff from \`dist/apps/web-bff/main.js\` with two users instances, its own Redis, UPSTREAM_TIMEOUT_MS=${UPSTREAM_TIMEOUT_MS}, SHUTDOWN_DELAY_MS=${SHUTDOWN_DELAY_MS}.`,
    '',
    table,
    '',
    formatTargets(targets),
    '',
    `- Load: open-loop GET \`/api/v2/users/u-<n>\` with a user token at ${RATE} req/s from this process (undici pool), each request counted in the phase it was sent in. Phases: ${phases.map((phase) => `${phase.name} (${phase.seconds ? `${phase.seconds} s` : 'until the BFF exits'})`).join(', ')}.`,
    '- Lost: sent but neither answered nor failed with a connection error by the end (after a settle time longer than the upstream timeout). Connection errors after the BFF exited are what a client without a load balancer sees; behind one, SHUTDOWN_DELAY_MS lets readiness fail first.',
    '- Upstream attempts: requests the two users instances received (health probes not counted), by the phase current when received, per request the BFF answered with a status (connection errors never reached it); a connection refused by the killed instance costs it nothing and is not counted.',
    '- SIGTERM: during SHUTDOWN_DELAY_MS the BFF keeps serving; then it closes its listener (the connection errors of the draining row) and exits once in-flight requests are done.',
    `- Breaker transitions: changes of \`circuit_breaker_state\` on the BFF's /metrics, polled every 200 ms (a floor); n/a when the BFF exposes no such metric.${breakerLog.length ? ` Seen: ${breakerLog.join('; ')}.` : ''}`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  stopAllOnSignals(log);
  log('building web-bff through nx (cached when nothing changed)');
  buildWebBff();

  let phase = 'steady';
  const attempts = new Map<string, number>();
  const countAttempt = () => attempts.set(phase, (attempts.get(phase) ?? 0) + 1);
  const [a, b] = await Promise.all([UpstreamInstance.start(countAttempt), UpstreamInstance.start(countAttempt)]);
  const [redisPort] = await freePorts(1);
  let redis: Child = await startRedis(redisPort);
  const bff = await spawnWebBff({
    UPSTREAM_USERS: `${a.origin},${b.origin}`,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
    SHUTDOWN_DELAY_MS: String(SHUTDOWN_DELAY_MS),
  });
  await bff.child.answers(`http://127.0.0.1:${bff.port}${usersPath(0)}`, LOAD_HEADERS);
  attempts.clear();

  const load = new OpenLoopLoad(`http://127.0.0.1:${bff.port}`, usersPath, RATE, LOAD_HEADERS, phase);
  const breakers = new BreakerWatch(bff.managementPort, () => phase);
  const enter = (name: string) => {
    phase = name;
    load.enter(name);
    log(`phase: ${name}`);
  };
  const phases: Phase[] = [
    { name: 'steady', seconds: 5, begin: async () => undefined },
    { name: INSTANCE_DOWN, seconds: 6, begin: () => a.kill() },
    { name: 'instance restored', seconds: 6, begin: () => a.restore() },
    { name: 'one instance hangs', seconds: 6, begin: async () => void (b.behaviour = 'hang') },
    {
      name: 'Redis stopped',
      seconds: 5,
      begin: async () => {
        b.behaviour = 'ok';
        await killNow(redis);
      },
    },
    { name: 'Redis restarted', seconds: 5, begin: async () => void (redis = await startRedis(redisPort)) },
    {
      name: 'SIGTERM, draining',
      seconds: 0,
      begin: async () => {
        const started = Date.now();
        await bff.child.stop();
        log(`web-bff exited ${Date.now() - started} ms after SIGTERM`);
      },
    },
    { name: 'after the BFF exited', seconds: 2, begin: async () => undefined },
  ];

  load.start();
  breakers.start();
  for (const step of phases) {
    enter(step.name);
    await step.begin();
    await sleep(step.seconds * 1000);
    if (wasInterrupted()) throw new Error('interrupted');
  }
  load.stop();
  breakers.stop();
  await load.settle(UPSTREAM_TIMEOUT_MS + 3_000);

  const summaries = summarise(
    phases.map((step) => step.name),
    load.records,
    { attempts, breakerTransitions: breakers.seen ? breakers.transitions : undefined },
  );
  await load.close();
  await Promise.all([a.kill(), b.kill()]);

  const date = new Date();
  const report = reportOf(date, phases, formatPhaseTable(summaries), checkTargets(summaries, INSTANCE_DOWN), breakers.log);
  const dir = join(ROOT, 'dist/chaos');
  const file = join(dir, `chaos-${date.toISOString().slice(0, 19).replace(/:/g, '-')}Z.md`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, report);
  writeFileSync(join(dir, 'latest.md'), report);
  process.stdout.write(`\n${report}\n`);
  log(`wrote ${file} and dist/chaos/latest.md`);
}

main().then(
  () => stopAll(),
  async (error: Error) => {
    if (!wasInterrupted()) process.stderr.write(`chaos: ${error.message}\n`);
    await stopAll();
    process.exit(wasInterrupted() ? 130 : 1);
  },
);
