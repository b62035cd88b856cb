/** What `npm run soak` was asked for. */
export interface SoakOptions {
  /** How long to run, in minutes (fractions allowed). */
  minutes: number;
}

export const SOAK_USAGE = 'usage: npm run soak [-- --minutes <n>] (default 10; fractions allowed, e.g. 0.5)';

/** Parses `--minutes <n>` or `--minutes=<n>` (a positive number, default 10); throws the usage otherwise. */
export function parseSoakArgs(argv: readonly string[]): SoakOptions {
  let minutes = 10;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag !== '--minutes') throw new Error(`unknown argument ${argv[i]}; ${SOAK_USAGE}`);
    const value = inline ?? argv[++i];
    minutes = value !== undefined && /^\d*\.?\d+$/.test(value) ? Number(value) : NaN;
    if (!(minutes > 0)) throw new Error(`--minutes wants a positive number, got ${value ?? 'nothing'}; ${SOAK_USAGE}`);
  }
  return { minutes };
}
