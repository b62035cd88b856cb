import type {} from 'fastify';
import { BlockList, isIP } from 'node:net';

declare module 'fastify' {
  interface FastifyRequest {
    /** The client's address, resolved once at the edge by {@link ClientAddressResolver}. */
    clientAddress: string;
  }
}

function normalise(address: string): string {
  const trimmed = address.trim();
  return trimmed.startsWith('::ffff:') && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

/**
 * Who the client is: the peer address, unless the peer is a trusted proxy (a `TRUSTED_PROXIES`
 * CIDR), in which case `X-Forwarded-For` is read from the right, skipping trusted proxies, and the
 * first untrusted address is the client. Entries added by untrusted hops are never believed, so a
 * client cannot choose its own address by sending the header.
 *
 * @example
 * const resolver = new ClientAddressResolver(['10.0.0.0/8']);
 * resolver.resolve('10.1.2.3', '203.0.113.9, 10.0.0.7'); // '203.0.113.9'
 */
export class ClientAddressResolver {
  private readonly trusted = new BlockList();
  private readonly empty: boolean;

  constructor(trustedCidrs: readonly string[]) {
    for (const cidr of trustedCidrs) {
      const [address, bits] = cidr.split('/');
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.trusted.addAddress(address, family);
      else this.trusted.addSubnet(address, Number(bits), family);
    }
    this.empty = trustedCidrs.length === 0;
  }

  /** The client address of a connection from `peer` that carried `forwardedFor`. */
  resolve(peer: string, forwardedFor: string | string[] | undefined): string {
    const client = normalise(peer);
    if (this.empty || !this.isTrusted(client) || forwardedFor === undefined) return client;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map(normalise);
    for (let i = hops.length - 1; i >= 0; i--) {
      if (isIP(hops[i]) === 0) return client;
      if (!this.isTrusted(hops[i]) || i === 0) return hops[i];
    }
    return client;
  }

  private isTrusted(address: string): boolean {
    const family = isIP(address);
    return family !== 0 && this.trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }
}
