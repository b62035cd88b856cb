import { spawnSync } from 'node:child_process';
import { Child, findExecutable } from './processes';

/** What one wrk run reports. */
export interface WrkResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** Responses with a status outside 2xx/3xx. */
  non2xx: number;
  /** connect + read + write + timeout errors. */
  socketErrors: number;
}

const UNIT_SECONDS: Record<string, number> = { us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Reads the summary of wrk's standard output. */
export function parseWrk(output: string): WrkResult {
  const total = /^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h),/m.exec(output);
  const rate = /^Requests\/sec:\s+([\d.]+)/m.exec(output);
  if (!total || !rate) throw new Error(`unexpected wrk output:\n${output}`);
  const non2xx = /^\s*Non-2xx or 3xx responses: (\d+)/m.exec(output);
  const errors = /^\s*Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/m.exec(output);
  return {
    requests: Number(total[1]),
    seconds: Number(total[2]) * UNIT_SECONDS[total[3]],
    requestsPerSecond: Number(rate[1]),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: errors ? errors.slice(1).reduce((sum, count) => sum + Number(count), 0) : 0,
  };
}

/**
 * The wrk binary; installs the Debian package when it is missing and this is root. Throws with
 * what to do when it cannot.
 */
export function ensureWrk(log: (line: string) => void): string {
  const found = findExecutable('wrk');
  if (found) return found;
  if (process.getuid?.() !== 0) throw new Error('wrk is not installed: install it (Debian/Ubuntu: sudo apt-get install -y wrk) and run again');
  log('wrk is missing: apt-get install -y wrk');
  const apt = (...args: string[]) =>
    spawnSync('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', 'ignore', 'inherit'] }).status === 0;
  if (!apt('install', '-y', '-q', 'wrk')) {
    apt('update', '-q');
    apt('install', '-y', '-q', 'wrk');
  }
  const installed = findExecutable('wrk');
  if (!installed) throw new Error('wrk is not installed and apt-get could not install it: install it (apt-get install -y wrk) and run again');
  return installed;
}

/** Runs wrk against `url` with one thread and `connections` keep-alive connections. */
export async function runWrk(wrk: string, url: string, headers: Record<string, string>, connections: number, seconds: number): Promise<WrkResult> {
  const headerArgs = Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '5s', ...headerArgs, url];
  return parseWrk(await Child.start('wrk', wrk, args, { PATH: process.env['PATH'] ?? '' }).finished());
}
