import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '@bff/gateway-auth';
import { SkipRateLimit } from '@bff/gateway-throttling';
import { HealthCheckResult } from '@nestjs/terminus';
import { ReadinessService } from './readiness.service';

/** Probe endpoints on the public port; the management port serves the same answers. */
@Public()
@SkipRateLimit()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Liveness never depends on upstreams: the process answers, so it lives. */
  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    const result = await this.readiness.check();
    reply.status(result.status === 'ok' ? 200 : 503);
    return result;
  }
}
