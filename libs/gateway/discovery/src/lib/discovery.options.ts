/** Options of the discovery module. */
export interface DiscoveryOptions {
  /** Base URLs of each service's instances, e.g. `{ users: ['http://127.0.0.1:4001'] }`. */
  services: Readonly<Record<string, readonly string[]>>;
  /** Active health checking: `GET <instance><path>` every `intervalMs`, failing after `timeoutMs`. */
  healthCheck: { path: string; intervalMs: number; timeoutMs: number };
}

/** Injection token of the {@link DiscoveryOptions}. */
export const DISCOVERY_OPTIONS = Symbol('DISCOVERY_OPTIONS');
