import { Controller, Get, Inject } from '@nestjs/common';
import { HealthResponse } from '@bff/contracts';

/** Injection token holding the name reported by `GET /health`. */
export const SERVICE_NAME = Symbol('SERVICE_NAME');

/** Liveness endpoint shared by every HTTP service. */
@Controller('health')
export class HealthController {
  constructor(@Inject(SERVICE_NAME) private readonly service: string) {}

  @Get()
  health(): HealthResponse {
    return { status: 'ok', service: this.service };
  }
}
