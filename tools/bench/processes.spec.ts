import { transformFileSync } from '@swc/core';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Child } from './processes';

describe('Child', () => {
  it('counts every line the process ends on stdout, past the tail it keeps and across chunks', async () => {
    // 30000 lines of 40 bytes: far more than the 20000 characters kept, in many pipe chunks; then a line without its end.
    const script = "const line = 'x'.repeat(39) + '\\n'; for (let i = 0; i < 30000; i++) process.stdout.write(line); process.stdout.write('no end');";
    const child = Child.start('lines', process.execPath, ['-e', script], { PATH: process.env['PATH'] ?? '' });
    const stdout = await child.finished();
    expect(child.outputLines).toBe(30000);
    expect(stdout.endsWith('x\nno end')).toBe(true);
    expect(stdout.length).toBeLessThanOrEqual(20_000);
  });

  it('counts nothing on stderr', async () => {
    const child = Child.start('stderr', process.execPath, ['-e', "console.error('a'); console.error('b')"], { PATH: process.env['PATH'] ?? '' });
    await child.finished();
    expect(child.outputLines).toBe(0);
  });

  it('stops a server that announced its port with an exit, so that under node --cpu-prof it writes its profile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-processes-'));
    try {
      const options = { swcrc: false, jsc: { parser: { syntax: 'typescript' as const }, target: 'es2022' as const }, module: { type: 'commonjs' as const } };
      writeFileSync(join(dir, 'processes.js'), transformFileSync(join(__dirname, 'processes.ts'), options).code);
      writeFileSync(
        join(dir, 'server.js'),
        "const { announcePort } = require('./processes'); const server = require('node:http').createServer(); server.listen(0, '127.0.0.1', () => announcePort(server));",
      );
      const child = Child.start('server', process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, join(dir, 'server.js')], { PATH: process.env['PATH'] ?? '' });
      expect(await child.announcedPort()).toBeGreaterThan(0);
      await child.stop();
      await expect(child.finished()).resolves.toContain('"port"');
      expect(readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'))).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
