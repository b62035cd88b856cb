import { withinTimeout } from './within-timeout';

class LateError extends Error {}
const late = () => new LateError('Redis did not answer in time');

describe('withinTimeout', () => {
  it('answers what the command answers, and its error when it fails', async () => {
    await expect(withinTimeout(Promise.resolve('PONG'), 50, late)).resolves.toBe('PONG');
    await expect(withinTimeout(Promise.reject(new Error('WRONGTYPE')), 50, late)).rejects.toThrow('WRONGTYPE');
  });

  it('rejects with the given error when the command never settles', async () => {
    await expect(withinTimeout(new Promise<never>(() => undefined), 20, late)).rejects.toBeInstanceOf(LateError);
  });

  it('lets a reply that arrived in the same turn as the deadline win', async () => {
    let answer!: (value: string) => void;
    const command = new Promise<string>((resolve) => (answer = resolve));
    const result = withinTimeout(command, 20, late);
    // Both timers are due in the same pass of the event loop; the deadline's runs first.
    setTimeout(() => answer('OK'), 20);
    const busyUntil = Date.now() + 40;
    while (Date.now() < busyUntil);
    await expect(result).resolves.toBe('OK');
  });
});
