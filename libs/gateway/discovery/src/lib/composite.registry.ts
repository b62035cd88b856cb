import { OnApplicationShutdown } from '@nestjs/common';
import { ServiceInstance, ServiceRegistry } from './service-registry';

/** A registry part that may need starting and stopping. */
export interface ManagedRegistry extends ServiceRegistry {
  start?(): Promise<void>;
  onApplicationShutdown?(): void | Promise<void>;
}

/**
 * Several registries as one, each answering for its own services (e.g. most services from DNS,
 * one overridden by a static list). Starts and stops its parts.
 */
export class CompositeServiceRegistry implements ServiceRegistry, OnApplicationShutdown {
  private readonly owners = new Map<string, ServiceRegistry>();

  constructor(private readonly parts: readonly ManagedRegistry[]) {
    for (const part of parts) for (const service of part.services()) this.owners.set(service, part);
  }

  services(): readonly string[] {
    return [...this.owners.keys()];
  }

  instances(service: string): readonly ServiceInstance[] {
    return this.owners.get(service)?.instances(service) ?? [];
  }

  /** Starts every part (their first lookups run together). */
  async start(): Promise<void> {
    await Promise.all(this.parts.map((part) => part.start?.()));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.parts.map((part) => part.onApplicationShutdown?.()));
  }
}
