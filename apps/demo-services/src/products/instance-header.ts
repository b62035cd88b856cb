import { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Tags every response, errors and unknown routes included, with `x-instance: <instance>`. */
export function addInstanceHeader(
  app: NestFastifyApplication,
  instance: string,
): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (_request, reply) => {
      reply.header('x-instance', instance);
    });
}
