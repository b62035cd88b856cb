import { deadlineOf } from './deadline';

describe('deadlineOf', () => {
  it('is the route budget from now', () => {
    expect(deadlineOf(3000, undefined, 100)).toBe(3100);
  });

  it('is capped by a smaller incoming x-request-deadline-ms, never raised by a larger one', () => {
    expect(deadlineOf(3000, '250', 100)).toBe(350);
    expect(deadlineOf(3000, '9000', 100)).toBe(3100);
  });

  it.each([['-5'], ['1e3'], ['abc'], [''], [['100', '200']], ['9999999999']])('ignores a malformed header %j', (header) => {
    expect(deadlineOf(3000, header, 0)).toBe(3000);
  });
});
