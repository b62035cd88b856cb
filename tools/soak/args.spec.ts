import { parseSoakArgs } from './args';

describe('parseSoakArgs', () => {
  it('runs 10 minutes by default', () => {
    expect(parseSoakArgs([])).toEqual({ minutes: 10 });
  });

  it('takes --minutes as a separate or an inline value, fractions included', () => {
    expect(parseSoakArgs(['--minutes', '3'])).toEqual({ minutes: 3 });
    expect(parseSoakArgs(['--minutes=0.5'])).toEqual({ minutes: 0.5 });
    expect(parseSoakArgs(['--minutes', '.25'])).toEqual({ minutes: 0.25 });
  });

  it('refuses a missing, zero, negative or non-numeric duration with the usage', () => {
    for (const argv of [['--minutes'], ['--minutes', '0'], ['--minutes', '-1'], ['--minutes', 'ten'], ['--minutes=1e3'], ['--minutes', 'Infinity']]) {
      expect(() => parseSoakArgs(argv)).toThrow('usage: npm run soak');
    }
  });

  it('refuses an unknown argument', () => {
    expect(() => parseSoakArgs(['--rounds', '3'])).toThrow('unknown argument --rounds');
  });
});
