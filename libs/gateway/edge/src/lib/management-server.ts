import { INestApplicationContext } from '@nestjs/common';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ReadinessService } from '@bff/gateway-health';
import { GatewayMetrics } from '@bff/gateway-observability';
import { PROBLEM_CONTENT_TYPE, problemBody, problemOf } from './problem';

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * The operational listener (`MANAGEMENT_PORT`): `/metrics`, `/health/live`, `/health/ready`.
 * Kept off the public port so operational data is never reachable by clients.
 */
export async function startManagementServer(app: INestApplicationContext, host: string, port: number): Promise<Server> {
  const metrics = app.get(GatewayMetrics);
  const readiness = app.get(ReadinessService);
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      const { contentType, body } = await metrics.scrape();
      res.writeHead(200, { 'content-type': contentType }).end(body);
    } else if (req.method === 'GET' && path === '/health/live') {
      json(res, 200, { status: 'ok' });
    } else if (req.method === 'GET' && path === '/health/ready') {
      const result = await readiness.check();
      json(res, result.status === 'ok' ? 200 : 503, result);
    } else {
      res.writeHead(404, { 'content-type': PROBLEM_CONTENT_TYPE }).end(problemBody(problemOf(404), path, randomUUID()));
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': PROBLEM_CONTENT_TYPE });
      res.end(problemBody(problemOf(500), req.url ?? '/', randomUUID()));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
