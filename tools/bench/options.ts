/** The rows whose server is a Node process the bench starts, which `--profile` can profile. */
export const PROFILED = ['floor', 'nest', 'fastify-proxy', 'pass-through', 'redis', 'dashboard', 'hit'];

/**
 * The command line: `--rounds <n>` (default 3), `--delay <ms>` of the dashboard's upstream calls
 * (default 20); or `--profile <row>` with `--seconds <s>` of load (default 10) for a CPU profile of
 * one row's server instead of the table.
 */
export interface Options {
  rounds: number;
  delayMs: number;
  profile?: string;
  /** With `profile`: the row it is compared with (`--against <row>`). */
  against?: string;
  seconds: number;
}

/** What the bench prints for a command line it does not take. */
export const USAGE = [
  'usage: npm run bench [-- --rounds <n>] [--delay <ms>]   the table (defaults: 3 rounds, 20 ms delay of the dashboard’s parallel upstream calls)',
  `       npm run bench -- --profile <row> [--against <row>] [--seconds <s>] [--delay <ms>]   a CPU profile of one row's server under load (default 10 s), and what it costs over another row; rows: ${PROFILED.join(', ')}`,
].join('\n');

/** The options of `argv` (`process.argv.slice(2)`); throws {@link USAGE} for anything else. */
export function optionsFrom(argv: readonly string[]): Options {
  const options: Options = { rounds: 3, delayMs: 20, seconds: 10 };
  for (let i = 0; i < argv.length; i += 2) {
    const value = Number(argv[i + 1]);
    if (argv[i] === '--rounds' && Number.isInteger(value) && value >= 1) options.rounds = value;
    else if (argv[i] === '--delay' && Number.isInteger(value) && value >= 0) options.delayMs = value;
    else if (argv[i] === '--profile' && PROFILED.includes(argv[i + 1])) options.profile = argv[i + 1];
    else if (argv[i] === '--seconds' && Number.isInteger(value) && value >= 1) options.seconds = value;
    else if (argv[i] === '--against' && PROFILED.includes(argv[i + 1])) options.against = argv[i + 1];
    else throw new Error(USAGE);
  }
  if (options.against !== undefined && (options.profile === undefined || options.against === options.profile)) throw new Error(USAGE);
  return options;
}
