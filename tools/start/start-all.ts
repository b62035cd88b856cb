import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';

/** One process `npm start` runs, and the URL that says it is up. */
interface Service {
  app: string;
  probe: string;
  urls: string[];
}

const ROOT = join(__dirname, '../..');
const SERVICES: Service[] = [
  {
    app: 'demo-services',
    probe: 'http://127.0.0.1:4001/health',
    urls: ['users http://localhost:4001', 'orders http://localhost:4002', 'products http://localhost:4003 http://localhost:4013', 'inventory (gRPC) localhost:50051'],
  },
  { app: 'web-bff', probe: 'http://127.0.0.1:3000/health/ready', urls: ['web-bff http://localhost:3000 (management :9100)'] },
  { app: 'mobile-bff', probe: 'http://127.0.0.1:3001/health/ready', urls: ['mobile-bff http://localhost:3001 (management :9101)'] },
  { app: 'admin-bff', probe: 'http://127.0.0.1:3002/health/ready', urls: ['admin-bff http://localhost:3002 (management :9102)'] },
];
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

const children: { app: string; child: ChildProcess }[] = [];
let stopping = false;

function log(line: string): void {
  process.stdout.write(`[start] ${line}\n`);
}

async function waitUntilUp(service: Service, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${service.app} exited with code ${child.exitCode}`);
    try {
      if ((await fetch(service.probe)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service.app} did not answer ${service.probe} within ${READY_TIMEOUT_MS / 1000} s`);
}

function launch(service: Service): ChildProcess {
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps', service.app, 'main.js')], {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push({ app: service.app, child });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${service.app} stopped unexpectedly (${signal ?? `exit ${code}`}); stopping the rest`);
      void stopAll(1);
    }
  });
  return child;
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const running = children.filter(({ child }) => child.exitCode === null && child.signalCode === null);
  for (const { child } of running) child.kill('SIGTERM');
  const timer = setTimeout(() => running.forEach(({ child }) => child.kill('SIGKILL')), STOP_TIMEOUT_MS);
  await Promise.all(running.map(({ child }) => new Promise((resolve) => child.once('exit', resolve))));
  clearTimeout(timer);
  log('stopped');
  process.exit(exitCode);
}

async function main(): Promise<void> {
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));
  const started = Date.now();
  log('building demo-services and the three BFFs (cached after the first run)');
  execFileSync(process.execPath, [require.resolve('nx/bin/nx'), 'run-many', '-t', 'build', '-p', ...SERVICES.map((s) => s.app), '--output-style=static'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  const [demo, ...bffs] = SERVICES;
  await waitUntilUp(demo, launch(demo));
  await Promise.all(bffs.map((bff) => waitUntilUp(bff, launch(bff))));
  log(`all up in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
  for (const service of SERVICES) for (const url of service.urls) log(`  ${url}`);
  log('a token for u-1: npm run token -- --sub u-1   (admin: --roles admin)');
  log('Ctrl-C stops everything');
}

main().catch((error: Error) => {
  log(`failed: ${error.message}`);
  void stopAll(1);
});
