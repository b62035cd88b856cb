import { SingleFlight } from './single-flight';

describe('SingleFlight', () => {
  it('runs one task for concurrent callers of a key and gives each the same result', async () => {
    const flights = new SingleFlight<number>();
    let calls = 0;
    let release: (value: number) => void = () => undefined;
    const task = () => {
      calls++;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const runs = Array.from({ length: 50 }, () => flights.run('k', task));
    await Promise.resolve();
    release(42);
    expect(await Promise.all(runs.map((run) => run.result))).toEqual(Array(50).fill(42));
    expect(calls).toBe(1);
    expect(runs.filter((run) => run.leader)).toHaveLength(1);
  });

  it('keeps keys apart', async () => {
    const flights = new SingleFlight<string>();
    const a = flights.run('a', async () => 'A');
    const b = flights.run('b', async () => 'B');
    expect([a.leader, b.leader]).toEqual([true, true]);
    expect([await a.result, await b.result]).toEqual(['A', 'B']);
  });

  it('shares a failure with the waiting callers, then frees the key', async () => {
    const flights = new SingleFlight<string>();
    const first = flights.run('k', async () => {
      throw new Error('down');
    });
    const second = flights.run('k', async () => 'never');
    await expect(first.result).rejects.toThrow('down');
    await expect(second.result).rejects.toThrow('down');
    expect(flights.has('k')).toBe(false);
    const again = flights.run('k', async () => 'up');
    expect(again.leader).toBe(true);
    expect(await again.result).toBe('up');
  });
});
