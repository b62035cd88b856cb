import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';

/** A free loopback TCP port at the time of the call. */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0];
}

/** `count` different loopback TCP ports, all free at the time of the call. */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
    }
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      return address.port;
    });
  } finally {
    for (const server of servers) server.close();
  }
}

/**
 * Whether process `pid` holds a listening TCP socket on `port`, read from Linux's `/proc`; `true`
 * where there is no `/proc/net/tcp` to tell.
 */
function listensOn(pid: number, port: number): boolean {
  const tables = ['/proc/net/tcp', '/proc/net/tcp6'].filter((table) => existsSync(table));
  if (tables.length === 0) return true;
  const listening = new Set<string>();
  for (const table of tables) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === '0A' && parseInt(fields[1]?.split(':')[1] ?? '', 16) === port) listening.add(`socket:[${fields[9]}]`);
    }
  }
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return listening.has(readlinkSync(`/proc/${pid}/fd/${fd}`));
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** The spawned app could not listen on a port it was given: another process took it first. */
const PORT_TAKEN = /EADDRINUSE/;

/** A built app started as a child process, as an operator would start it. */
export class AppProcess {
  output = '';
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = once(child, 'exit').then(([code]) => code as number | null);
  }

  /**
   * Runs `node dist/apps/<app>/main.js` from the workspace root with exactly `env` (plus PATH).
   * Resolve `ready` before sending traffic.
   */
  static spawn(app: string, env: Record<string, string>): AppProcess {
    const root = join(__dirname, '../../../../..');
    const child = spawn(process.execPath, [join(root, 'dist/apps', app, 'main.js')], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new AppProcess(child);
  }

  /**
   * Spawns `app` with the environment `env(ports)` for `count` free ports and waits until each URL
   * of `probes(ports)` answers 200 from it. A port is only free until the app binds it: when another
   * process took one first, the app exits with EADDRINUSE and is started again on new ports.
   */
  static async startOnFreePorts(
    app: string,
    count: number,
    env: (ports: number[]) => Record<string, string>,
    probes: (ports: number[]) => string[],
  ): Promise<{ process: AppProcess; ports: number[] }> {
    for (let attempt = 1; ; attempt++) {
      const ports = await freePorts(count);
      const started = AppProcess.spawn(app, env(ports));
      try {
        for (const url of probes(ports)) await started.ready(url);
        return { process: started, ports };
      } catch (error) {
        await started.stop();
        if (attempt === 3 || !PORT_TAKEN.test(started.output)) throw error;
      }
    }
  }

  /**
   * Waits until `url` answers 200 from this process (on Linux, a server of another process that
   * took the port answers in vain), or fails with the process output when it exits or times out.
   */
  async ready(url: string, timeoutMs = 20_000): Promise<void> {
    const port = Number(new URL(url).port);
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (Date.now() < deadline && !exited) {
      try {
        const response = await fetch(url);
        if (response.ok && listensOn(this.pid, port)) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`app not ready at ${url}:\n${this.output}`);
  }

  /** The process id (to read its `/proc/<pid>/status`, e.g. its memory). */
  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Resolves with the exit code once the process has exited. */
  exit(): Promise<number | null> {
    return this.exited;
  }

  /** Sends SIGTERM and resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}
