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
});
