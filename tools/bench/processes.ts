import { ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { AddressInfo, connect, createServer, Server } from 'node:net';
import { delimiter, join } from 'node:path';

const STOP_GRACE_MS = 5_000;
const OUTPUT_LIMIT = 20_000;
const PORT_LINE = /^\{"port":(\d+)\}$/m;
const NEWLINE = 0x0a;
const running = new Set<Child>();
let interrupted = false;

/** Keeps the last `OUTPUT_LIMIT` characters of a stream's output. */
function appendTail(text: string, chunk: Buffer): string {
  const joined = text + chunk.toString();
  return joined.length > OUTPUT_LIMIT ? joined.slice(-OUTPUT_LIMIT) : joined;
}

/** A process the bench started. Every one still running is stopped by {@link stopAll}. */
export class Child {
  private stdout = '';
  private stderr = '';
  private stdoutLines = 0;
  private ended = false;
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => {
      this.stdout = appendTail(this.stdout, chunk);
      for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) this.stdoutLines++;
    });
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr = appendTail(this.stderr, chunk)));
    this.exited = new Promise<number | null>((resolve) => {
      child.once('error', (error) => {
        this.stderr += error.message;
        resolve(null);
      });
      child.once('exit', (code) => resolve(code));
    }).finally(() => {
      this.ended = true;
      running.delete(this);
    });
  }

  /** Starts `command` from `cwd` with exactly `env`, stdout and stderr captured. */
  static start(name: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): Child {
    if (interrupted) throw new Error(`not starting ${name}: interrupted`);
    const child = new Child(name, spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }));
    running.add(child);
    return child;
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} did not start: ${this.stderr}`);
    return this.child.pid;
  }

  /** How many lines the process has ended on stdout so far (all of them, not only the kept tail). */
  get outputLines(): number {
    return this.stdoutLines;
  }

  get alive(): boolean {
    return !this.ended && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the port the process announced with {@link announcePort}. */
  async announcedPort(timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && this.alive) {
      const match = PORT_LINE.exec(this.stdout);
      if (match) return Number(match[1]);
      await sleep(20);
    }
    throw new Error(`${this.name} announced no port: ${this.stderr.trim()}`);
  }

  /** Waits until a GET of `url` answers 200; fails when the process exits or time runs out. */
  async answers(url: string, headers: Record<string, string>, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    while (Date.now() < deadline && this.alive) {
      try {
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        if (response.status === 200) return;
        last = `status ${response.status}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await sleep(100);
    }
    throw new Error(`${this.name} did not answer 200 at ${url} (${this.alive ? last : 'exited'}): ${this.output()}`);
  }

  /** Waits for a successful exit and returns stdout; fails with stderr otherwise. */
  async finished(): Promise<string> {
    const code = await this.exited;
    if (code !== 0) throw new Error(`${this.name} failed (${code === null ? 'no exit code' : `exit code ${code}`}): ${this.output()}`);
    return this.stdout;
  }

  /** SIGTERM, SIGKILL after a grace period; resolves once the process has exited. */
  async stop(): Promise<void> {
    if (this.alive) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.kill(), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }

  /** SIGKILL now, for the last moment of the bench process. */
  kill(): void {
    if (this.alive) this.child.kill('SIGKILL');
  }

  private output(): string {
    return `${this.stdout}${this.stderr}`.trim().split('\n').slice(-15).join('\n');
  }
}

/** Stops every child still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => child.stop()));
}

/**
 * On Ctrl-C or SIGTERM, stops every child and refuses to start new ones, so the bench fails fast and
 * exits through its usual error path; kills any child left when the bench exits.
 */
export function stopAllOnSignals(log: (line: string) => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      log(`${signal}: stopping the child processes`);
      void stopAll();
    });
  }
  process.once('exit', () => running.forEach((child) => child.kill()));
}

/** Whether Ctrl-C or SIGTERM has arrived. */
export function wasInterrupted(): boolean {
  return interrupted;
}

/**
 * Prints the server's port as the line {@link Child.announcedPort} waits for; from then on the
 * process exits on SIGTERM ({@link Child.stop}) instead of dying by it, so that under
 * `node --cpu-prof` (`npm run bench -- --profile <row>`) it writes its profile, which Node does on exit.
 */
export function announcePort(server: Server): void {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  process.once('SIGTERM', () => process.exit(0));
}

/** `count` distinct loopback ports that were free at the time of the call. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  const ports = await Promise.all(
    servers.map((server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)))),
  );
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Whether something accepts TCP connections at host:port. */
export function isListening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1_000 });
    const settle = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.once('connect', () => settle(true));
    socket.once('error', () => settle(false));
    socket.once('timeout', () => settle(false));
  });
}

/** The path of an executable on PATH (or in /usr/sbin, /sbin), if there is one. */
export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/sbin', '/sbin'].filter(Boolean);
  for (const dir of dirs) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
