import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { HealthController, SERVICE_NAME } from './health.controller';
import { HttpErrorFilter } from './http-error.filter';

/** Basics of every HTTP service: `GET /health` and `{ message }` error bodies. */
@Module({})
export class HttpServiceModule {
  static forService(name: string): DynamicModule {
    return {
      module: HttpServiceModule,
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_NAME, useValue: name },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
    };
  }
}
