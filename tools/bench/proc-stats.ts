import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * `utime + stime` in clock ticks from the text of `/proc/<pid>/stat` (all threads of the process).
 * The command name (field 2) may hold spaces and parentheses, so fields are counted from its last `)`.
 */
export function parseCpuTicks(stat: string): number {
  const fields = stat
    .slice(stat.lastIndexOf(')') + 2)
    .trim()
    .split(/\s+/);
  // After the name, field 3 (state) is at index 0, so utime (field 14) and stime (field 15) are at 11 and 12.
  const [utime, stime] = [Number(fields[11]), Number(fields[12])];
  if (!Number.isInteger(utime) || !Number.isInteger(stime)) throw new Error(`not a /proc/<pid>/stat line: ${stat.slice(0, 80)}`);
  return utime + stime;
}

/** A `<field>: <n> kB` line (`VmHWM`, `VmRSS`, ...) in KiB from the text of `/proc/<pid>/status`. */
function parseStatusKib(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} line in /proc/<pid>/status`);
  return Number(match[1]);
}

/** `VmHWM` (peak resident set size) in KiB from the text of `/proc/<pid>/status`. */
export function parseVmHwmKib(status: string): number {
  return parseStatusKib(status, 'VmHWM');
}

/** `VmRSS` (current resident set size) in KiB from the text of `/proc/<pid>/status`. */
export function parseVmRssKib(status: string): number {
  return parseStatusKib(status, 'VmRSS');
}

/** CPU time the process has used so far, in microseconds. */
export function cpuMicros(pid: number): number {
  return (parseCpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) * 1e6) / clockTicksPerSecond();
}

/** Peak resident set size of the process so far, in MiB. */
export function peakRssMib(pid: number): number {
  return parseVmHwmKib(readFileSync(`/proc/${pid}/status`, 'utf8')) / 1024;
}

/** Current resident set size of the process, in MiB. */
export function rssMib(pid: number): number {
  return parseVmRssKib(readFileSync(`/proc/${pid}/status`, 'utf8')) / 1024;
}

let ticksPerSecond: number | undefined;

/** `getconf CLK_TCK`, the unit of the times in `/proc/<pid>/stat` (100 on Linux unless told otherwise). */
function clockTicksPerSecond(): number {
  ticksPerSecond ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
  return ticksPerSecond;
}

/** The server's `process_id` from the text of Redis's `INFO server`; undefined when absent. */
export function redisProcessId(info: string): number | undefined {
  const match = /^process_id:(\d+)\r?$/m.exec(info);
  return match ? Number(match[1]) : undefined;
}
