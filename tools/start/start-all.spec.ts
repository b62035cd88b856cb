import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { mintToken } from '@bff/gateway-testing';

const ROOT = join(__dirname, '../..');

/** The environment of a user's shell: without the variables of the Nx task running this test. */
function outsideNx(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('NX_') || name === 'NX_NO_CLOUD'));
}

/** Ctrl-C in a terminal: SIGINT to the whole foreground process group. */
function pressCtrlC(child: ChildProcess): void {
  process.kill(-(child.pid as number), 'SIGINT');
}

describe('npm start', () => {
  let start: ChildProcess;
  let output = '';

  beforeAll(async () => {
    start = spawn('npm', ['start'], { cwd: ROOT, env: outsideNx(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    start.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 170_000;
    while (!output.includes('[start] all up') && start.exitCode === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (!output.includes('[start] all up')) throw new Error(`npm start did not come up:\n${output}`);
  }, 180_000);

  afterAll(async () => {
    if (!output.includes('[start] stopped')) {
      const closed = once(start.stdout as NodeJS.ReadableStream, 'close');
      pressCtrlC(start);
      await closed;
    }
  });

  it('prints the URL of every app', () => {
    for (const url of ['http://localhost:3000', 'http://localhost:3001', 'http://localhost:3002', 'http://localhost:4001']) {
      expect(output).toContain(url);
    }
  });

  it('serves a user through web-bff with a development token, and 401 without one', async () => {
    const withToken = await fetch('http://127.0.0.1:3000/api/v2/users/u-1', {
      headers: { authorization: `Bearer ${mintToken({ sub: 'u-1' })}` },
    });
    expect(withToken.status).toBe(200);
    expect(await withToken.json()).toMatchObject({ id: 'u-1' });
    expect((await fetch('http://127.0.0.1:3000/api/v2/users/u-1')).status).toBe(401);
  });

  it('has every BFF ready against the demo services', async () => {
    for (const port of [9100, 9101, 9102]) {
      expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
    }
  });

  it('stops everything on Ctrl-C', async () => {
    const closed = once(start.stdout as NodeJS.ReadableStream, 'close');
    pressCtrlC(start);
    await closed;
    expect(output).toContain('[start] stopped');
    await expect(fetch('http://127.0.0.1:3000/health/live')).rejects.toThrow();
    await expect(fetch('http://127.0.0.1:4001/health')).rejects.toThrow();
  });
});
