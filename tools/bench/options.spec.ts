import { optionsFrom, USAGE } from './options';

describe('optionsFrom', () => {
  it('gives the table’s defaults, and takes rounds and the dashboard’s delay', () => {
    expect(optionsFrom([])).toEqual({ rounds: 3, delayMs: 20, seconds: 10 });
    expect(optionsFrom(['--rounds', '1', '--delay', '0'])).toEqual({ rounds: 1, delayMs: 0, seconds: 10 });
  });

  it('takes a row to profile, for how long, and a row to compare it with', () => {
    expect(optionsFrom(['--profile', 'pass-through', '--against', 'nest', '--seconds', '4'])).toEqual({ rounds: 3, delayMs: 20, seconds: 4, profile: 'pass-through', against: 'nest' });
  });

  it.each([
    [['--rounds', '0']],
    [['--rounds', 'two']],
    [['--delay', '-1']],
    [['--profile', 'baseline']],
    [['--profile', 'nginx']],
    [['--profile']],
    [['--profile', 'hit', '--seconds', '0']],
    [['--against', 'nest']],
    [['--profile', 'nest', '--against', 'nest']],
    [['--verbose']],
  ])('refuses %j with the usage', (argv) => {
    expect(() => optionsFrom(argv)).toThrow(USAGE);
  });
});
