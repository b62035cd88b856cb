import { DynamicModule, LogLevel, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import {
  FastifyAdapter,
  NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { oneLine } from './common/one-line';
import { DemoConfig } from './config';
import {
  inventoryGrpcOptions,
  InventoryModule,
} from './inventory/inventory.module';
import {
  eventsTransportOptions,
  eventsTransportUrl,
} from './messaging/events-transport';
import { NotificationsModule } from './notifications/notifications.module';
import { OrdersModule } from './orders/orders.module';
import { addInstanceHeader } from './products/instance-header';
import { ProductsModule } from './products/products.module';
import { UsersModule } from './users/users.module';

/** A listening service of this process. */
export interface RunningService {
  name: string;
  url: string;
  close(): Promise<void>;
}

interface ServiceSpec {
  name: string;
  url: string;
  start(): Promise<{ close(): Promise<void> }>;
}

type NestModule = Type<unknown> | DynamicModule;

const NEST_OPTIONS = {
  logger: ['warn', 'error'] as LogLevel[],
  abortOnError: false,
};

/** Starts every service, consumers first; on failure closes what already started and throws. */
export async function startServices(
  config: DemoConfig,
  inventoryProtoPath: string,
): Promise<RunningService[]> {
  const running: RunningService[] = [];
  for (const spec of serviceSpecs(config, inventoryProtoPath)) {
    try {
      const app = await spec.start();
      running.push({
        name: spec.name,
        url: spec.url,
        close: () => app.close(),
      });
    } catch (error) {
      await stopServices(running);
      throw new Error(`${spec.name} (${spec.url}): ${oneLine(error)}`);
    }
  }
  return running;
}

/** Closes every service; rethrows the first failure after all have been attempted. */
export async function stopServices(
  services: readonly RunningService[],
): Promise<void> {
  const results = await Promise.allSettled(
    services.map((service) => service.close()),
  );
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) {
    throw failure.reason;
  }
}

function serviceSpecs(
  config: DemoConfig,
  inventoryProtoPath: string,
): ServiceSpec[] {
  return [
    {
      name: 'notifications',
      url: eventsTransportUrl(config.events),
      start: () =>
        startMicroservice(
          NotificationsModule,
          eventsTransportOptions(config.events),
        ),
    },
    {
      name: 'inventory',
      url: `grpc://${config.inventoryUrl}`,
      start: () =>
        startMicroservice(
          InventoryModule,
          inventoryGrpcOptions(config.inventoryUrl, inventoryProtoPath),
        ),
    },
    {
      name: 'users',
      url: httpUrl(config.usersPort),
      start: () => startHttp(UsersModule, config.usersPort),
    },
    ...config.productsPorts.map((port) => ({
      name: 'products',
      url: httpUrl(port),
      start: () =>
        startHttp(ProductsModule, port, (app) =>
          addInstanceHeader(app, `products-${port}`),
        ),
    })),
    {
      name: 'orders',
      url: httpUrl(config.ordersPort),
      start: () => startHttp(OrdersModule, config.ordersPort),
    },
  ];
}

function httpUrl(port: number): string {
  return `http://localhost:${port}`;
}

async function startHttp(
  module: NestModule,
  port: number,
  configure?: (app: NestFastifyApplication) => void,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter(),
    NEST_OPTIONS,
  );
  configure?.(app);
  await closeOnFailure(app, () => app.listen(port, '0.0.0.0'));
  return app;
}

async function startMicroservice(
  module: NestModule,
  options: MicroserviceOptions,
) {
  const app = await NestFactory.createMicroservice(module, {
    ...options,
    ...NEST_OPTIONS,
  });
  await closeOnFailure(app, () => app.listen());
  return app;
}

async function closeOnFailure(
  app: { close(): Promise<void> },
  listen: () => Promise<unknown>,
): Promise<void> {
  try {
    await listen();
  } catch (error) {
    await app.close();
    throw error;
  }
}
