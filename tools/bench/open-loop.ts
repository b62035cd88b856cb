import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Pool } from 'undici';
import { percentile } from './stats';

/** What one open-loop run measured; latencies are from each request's scheduled send time. */
export interface OpenLoopResult {
  /** Requests answered 200. */
  ok: number;
  /** Requests answered otherwise, or failed. */
  failed: number;
  p50Us: number;
  p99Us: number;
  /** How late the generator itself sent (median and 99th percentile): a floor under its latencies. */
  sendLagP50Us: number;
  sendLagP99Us: number;
}

/** The send times, fixed in advance: request `i` is due `i * intervalNs` after the clock starts. */
interface Timeline {
  intervalNs: bigint;
  total: number;
}

const CONNECTIONS = 16;

const microsSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1_000;

/**
 * The clock, on a worker thread: sleeps until each send time with Atomics.wait (precise to tens of
 * microseconds, where timers only know milliseconds, and without spinning a CPU) and posts it.
 */
function tick({ intervalNs, total }: Timeline): void {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const start = process.hrtime.bigint();
  for (let i = 0n; i < total; i++) {
    const due = start + i * intervalNs;
    const waitMs = Number(due - process.hrtime.bigint()) / 1e6;
    if (waitMs > 0) Atomics.wait(cell, 0, 0, waitMs);
    parentPort?.postMessage(due);
  }
}

/**
 * Sends GET `url` at a fixed `rate` for `seconds` on a timeline fixed in advance, whatever the
 * answers take (open loop, so a slow server cannot slow the sending down and hide its own latency).
 */
async function openLoop(url: URL, rate: number, seconds: number, headers: Record<string, string>): Promise<OpenLoopResult> {
  const pool = new Pool(url.origin, { connections: CONNECTIONS, keepAliveTimeout: 30_000 });
  const timeline: Timeline = { intervalNs: BigInt(Math.round(1e9 / rate)), total: rate * seconds };
  const latencies: number[] = [];
  const lags: number[] = [];
  let failed = 0;

  const send = async (scheduled: bigint): Promise<void> => {
    lags.push(microsSince(scheduled));
    try {
      const { statusCode, body } = await pool.request({ method: 'GET', path: url.pathname + url.search, headers });
      await body.arrayBuffer();
      if (statusCode === 200) latencies.push(microsSince(scheduled));
      else failed++;
    } catch {
      failed++;
    }
  };

  const sending: Promise<void>[] = [];
  const clock = new Worker(__filename, { workerData: timeline });
  await new Promise<void>((resolve, reject) => {
    clock.on('message', (due: bigint) => {
      sending.push(send(due));
      if (sending.length === timeline.total) resolve();
    });
    clock.once('error', reject);
  });
  await Promise.all(sending);
  await Promise.all([pool.close(), clock.terminate()]);

  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  return {
    ok: latencies.length,
    failed,
    p50Us: latencies.length ? percentile(latencies, 50) : NaN,
    p99Us: latencies.length ? percentile(latencies, 99) : NaN,
    sendLagP50Us: percentile(lags, 50),
    sendLagP99Us: percentile(lags, 99),
  };
}

// Usage: open-loop.ts <url> <rate per second> <seconds> [<header>: <value> ...]; prints the result as JSON.
if (!isMainThread) {
  tick(workerData as Timeline);
} else if (require.main === module) {
  const [url, rate, seconds, ...headerLines] = process.argv.slice(2);
  const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()]));
  openLoop(new URL(url), Number(rate), Number(seconds), headers).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: Error) => {
      process.stderr.write(`open-loop: ${error.message}\n`);
      process.exit(1);
    },
  );
}
