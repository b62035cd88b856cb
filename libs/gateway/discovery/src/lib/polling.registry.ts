import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { InstanceSpec, InstanceTable, ServiceInstance, ServiceRegistry } from './service-registry';

/**
 * A registry whose lists come from a source asked again every `intervalMs`. A failed answer keeps
 * the last good list (logged once per new reason, never thrown): a DNS or Redis hiccup must not
 * empty a service; so does an empty one when `emptyIsFailure` (DNS). Instances that stay keep
 * their health.
 */
export abstract class PollingServiceRegistry implements ServiceRegistry, OnApplicationShutdown {
  protected readonly logger = new Logger('Discovery');
  private readonly table: InstanceTable;
  private readonly failures = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private refreshing?: Promise<void>;

  protected constructor(
    services: readonly string[],
    private readonly intervalMs: number,
    private readonly emptyIsFailure: boolean,
  ) {
    this.table = new InstanceTable(services);
  }

  /** The instances of one service as the source says now; may throw. */
  protected abstract lookup(service: string): Promise<readonly InstanceSpec[]>;

  /** Where `service` is looked up, for logs. */
  protected abstract describe(service: string): string;

  services(): readonly string[] {
    return this.table.services();
  }

  instances(service: string): readonly ServiceInstance[] {
    return this.table.instances(service);
  }

  /** Completes a first lookup of every service (failures logged), then refreshes on the interval. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.intervalMs);
    this.timer.unref();
  }

  /** Looks every service up once; concurrent calls share one round. Never throws. */
  refresh(): Promise<void> {
    this.refreshing ??= Promise.all(this.table.services().map((service) => this.refreshService(service))).then(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Stops refreshing. */
  onApplicationShutdown(): void | Promise<void> {
    clearInterval(this.timer);
  }

  private async refreshService(service: string): Promise<void> {
    let specs: readonly InstanceSpec[];
    try {
      specs = await this.lookup(service);
      if (specs.length === 0 && this.emptyIsFailure) throw new Error('no instance');
    } catch (error) {
      const reason = (error as { code?: string }).code ?? (error as Error).message;
      if (this.failures.get(service) !== reason) {
        this.failures.set(service, reason);
        const kept = this.table.instances(service).length;
        this.logger.warn(`${service}: looking up ${this.describe(service)} failed (${reason}); keeping the last ${kept} instance(s)`);
      }
      return;
    }
    if (this.failures.delete(service)) this.logger.log(`${service}: ${this.describe(service)} answers again`);
    if (this.table.replace(service, specs)) {
      this.logger.log(`${service}: instances now ${this.table.instances(service).map(({ id }) => id).join(', ')}`);
    }
  }
}
