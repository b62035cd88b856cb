/**
 * `command`'s outcome, or `timedOut()`'s error once `timeoutMs` have passed. When the timer fires,
 * the verdict waits one `setImmediate`: a reply that already arrived while this process was busy
 * is read in that turn of the event loop and wins, so a stalled BFF does not blame Redis.
 *
 * @example
 * const value = await withinTimeout(this.redis.get(key), 50, () => new CacheStoreTimeoutError('Redis did not answer in time'));
 */
export function withinTimeout<T>(command: Promise<T>, timeoutMs: number, timedOut: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (then: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      then();
    };
    const timer = setTimeout(() => setImmediate(() => settle(() => reject(timedOut()))), timeoutMs);
    command.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}
