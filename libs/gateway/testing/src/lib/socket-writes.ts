/**
 * Counts from now on the writes a socket hands to the system: one per `_write` (a lone chunk) or
 * `_writev` (the chunks a cork held back, written together).
 *
 * @example
 * const written = countSocketWrites(redis.stream);
 * await Promise.all([redis.get('a'), redis.get('b')]);
 * expect(written()).toBe(2);
 */
export function countSocketWrites(socket: object): () => number {
  const writable = socket as Record<'_write' | '_writev', (...args: unknown[]) => void>;
  let writes = 0;
  for (const method of ['_write', '_writev'] as const) {
    const original = writable[method];
    writable[method] = (...args: unknown[]) => {
      writes++;
      original.apply(socket, args);
    };
  }
  return () => writes;
}
