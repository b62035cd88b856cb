/** Options of the upstream layer of one BFF. */
export interface UpstreamOptions {
  /** This BFF's client kind, sent upstream as `x-client`. */
  client: string;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs: number;
}

/** Injection token of the {@link UpstreamOptions}. */
export const UPSTREAM_OPTIONS = Symbol('UPSTREAM_OPTIONS');
