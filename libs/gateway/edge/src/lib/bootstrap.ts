import { DynamicModule, Logger } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { LevelWithSilent } from 'pino';
import type { Server } from 'node:http';
import { BffConfig, BffDefaults, ConfigError, loadBffConfig } from '@bff/gateway-config';
import { ReadinessService } from '@bff/gateway-health';
import { ClientAddressResolver, requestIdOf } from '@bff/gateway-interceptors';
import type { RequestWithIdentity } from '@bff/gateway-auth';
import { accessLine, GatewayLogger, GatewayMetrics, GatewayTracing } from '@bff/gateway-observability';
import { upstreamTrailOf } from '@bff/gateway-upstream';
import { installBodyParsers } from './body-parsers';
import { installCacheFastPath } from './cache-fast-path';
import { answerClientError } from './client-error';
import { installCompression } from './compression';
import { GatewayFastifyAdapter } from './gateway-fastify.adapter';
import { startManagementServer } from './management-server';
import { IpFilterGuard } from './ip-filter.guard';
import { installOpenApi } from './openapi';
import { LoadShedder } from './load-shedder';
import { isSafePath } from './path-guard';
import { API_SECURITY_HEADERS } from './security-headers';
import { Problem, PROBLEM_CONTENT_TYPE, problemBody, problemOf } from './problem';
import { instanceOf, ProblemDetailsFilter } from './problem-details.filter';
import { validationPipe } from './validation';

/** How a BFF app starts: its defaults, its root module built from the config, and the environment. */
export interface BffBootstrapOptions {
  defaults: BffDefaults;
  module: (config: BffConfig) => DynamicModule;
  env: Record<string, string | undefined>;
}

const DEFAULT_BODY_LIMIT = 1_048_576;
const HEADERS_TIMEOUT_MS = 10_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function fail(name: string, message: string): never {
  process.stderr.write(`${name}: ${message}\n`);
  process.exit(1);
}

const HEALTH_PATH = /^\/health\//;
const OVERLOADED = problemOf(503, { detail: 'The gateway is overloaded; retry shortly.', headers: { 'retry-after': '1' } });

function userAgentRefused(config: BffConfig, userAgent: string | undefined): boolean {
  const agent = (userAgent ?? '').toLowerCase();
  if (config.userAgentDeny.some((pattern) => agent.includes(pattern))) return true;
  return config.userAgentAllow.length > 0 && !config.userAgentAllow.some((pattern) => agent.includes(pattern));
}

/**
 * The edge every request crosses before Nest: request id, path check, client address,
 * user-agent policy, load shedding, body parsing, answer compression, the request-duration
 * metric, the request's SERVER span when tracing is on, and (given a logger) one access line per request, probes at debug. While shutting down, every answer carries `Connection: close` so keep-alive clients move
 * elsewhere.
 */
function installEdge(fastify: FastifyInstance, app: NestFastifyApplication, config: BffConfig, logger: GatewayLogger | undefined): void {
  const metrics = app.get(GatewayMetrics);
  const readiness = app.get(ReadinessService);
  const tracing = app.get(GatewayTracing);
  const traced = tracing.enabled;
  const shedder = new LoadShedder(config.loadShedding);
  fastify.addHook('onReady', (done) => {
    shedder.start();
    done();
  });
  fastify.addHook('onClose', (_, done) => {
    shedder.stop();
    done();
  });
  const addresses = new ClientAddressResolver(config.trustedProxies);
  const filterAgents = config.userAgentDeny.length > 0 || config.userAgentAllow.length > 0;
  installBodyParsers(fastify);
  installCompression(fastify);
  fastify.decorateRequest('clientAddress', '');
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(API_SECURITY_HEADERS).header('x-request-id', request.id);
    if (traced) {
      const { method, url, id, headers } = request;
      tracing.startRequest(request, { method, route: request.routeOptions.url, url, requestId: id, traceparent: headers['traceparent'] });
    }
    if (readiness.shuttingDown) reply.header('connection', 'close');
    request.clientAddress = addresses.resolve(request.socket.remoteAddress ?? '', request.headers['x-forwarded-for']);
    let problem: Problem | undefined;
    if (!isSafePath(request.url)) problem = problemOf(400, { detail: 'The request path is not allowed.' });
    else if (filterAgents && !HEALTH_PATH.test(request.url) && userAgentRefused(config, request.headers['user-agent'])) {
      problem = problemOf(403, { detail: 'This client is not allowed.' });
    } else if (!HEALTH_PATH.test(request.url)) {
      const shed = shedder.admit(reply.raw);
      if (shed) {
        metrics.loadShed.inc({ reason: shed });
        problem = OVERLOADED;
      }
    }
    if (!problem) return done();
    void reply
      .status(problem.status)
      .headers(problem.headers)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(problemBody(problem, instanceOf(request.url), request.id));
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    const elapsedMs = reply.elapsedTime;
    metrics.httpServerDuration.observe({ method: request.method, route: route ?? 'unmatched', status: String(reply.statusCode) }, elapsedMs / 1000);
    const span = traced ? tracing.requestSpanOf(request) : undefined;
    if (span) tracing.endRequest(span, reply.statusCode);
    // Closing the listener closes only the connections idle at that moment: one still answering
    // then stays open (keep-alive), and the server's close waited for it until the grace period
    // ran out, skipping the shutdown hooks (the trace flush among them). Closed once answered.
    if (readiness.shuttingDown) request.raw.socket.end();
    const probe = HEALTH_PATH.test(request.url);
    if (logger?.logsAccess(probe)) {
      const upstream = upstreamTrailOf(request);
      const line = accessLine({
        method: request.method,
        route,
        status: reply.statusCode,
        elapsedMs,
        requestId: request.id,
        traceId: span ? tracing.traceIdOf(span) : upstream.traceId,
        userId: (request as RequestWithIdentity).identity?.sub,
        client: config.client,
        upstreamCalls: upstream.calls,
        cache: reply.getHeader('x-cache'),
        rateLimitRemaining: reply.getHeader('ratelimit-remaining'),
      });
      logger.access(line, probe);
    }
    done();
  });
}

/**
 * Creates a BFF application on Fastify with everything a request crosses before and around its
 * handler: request id, path check, client address, user-agent policy, body limits and parsing,
 * security headers, the CORS allow-list, IP filters, validation, the problem+json filter, the
 * OpenAPI document and UI at `/docs`, the slow-client timeouts, and fresh cache hits of public
 * routes answered before Nest's pipeline ({@link installCacheFastPath}). Not listening yet. With a
 * `logger`, Nest logs through it and each request leaves one access line; `false` logs nothing.
 */
export async function createGatewayApp(module: DynamicModule, config: BffConfig, logger: GatewayLogger | false): Promise<NestFastifyApplication> {
  const adapter = new GatewayFastifyAdapter({
    bodyLimit: DEFAULT_BODY_LIMIT,
    requestIdHeader: false,
    genReqId: requestIdOf,
    requestTimeout: 30_000,
    // Node looks for slow clients on this interval (30 s by default): a slowloris is cut near its timeout.
    http: { headersTimeout: HEADERS_TIMEOUT_MS, connectionsCheckingInterval: 1000 },
    keepAliveTimeout: 72_000,
    return503OnClosing: true,
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { bodyParser: false, logger });
  installEdge(app.getHttpAdapter().getInstance(), app, config, logger || undefined);
  if (config.corsOrigins.length > 0) {
    app.enableCors({ origin: config.corsOrigins, credentials: true, exposedHeaders: ['x-request-id'], maxAge: 600 });
  }
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalGuards(new IpFilterGuard(app.get(Reflector)));
  app.useGlobalPipes(validationPipe());
  installOpenApi(app, `${config.client}-bff`);
  installCacheFastPath(app.getHttpAdapter().getInstance(), app);
  return app;
}

/**
 * Starts one BFF process: validates the environment (one line and exit 1 when malformed), serves
 * the app ({@link createGatewayApp}) on `PORT` and the management endpoints on `MANAGEMENT_PORT`, and on
 * SIGTERM/SIGINT turns readiness to 503, keeps serving for `SHUTDOWN_DELAY_MS` with `Connection:
 * close`, stops accepting, lets in-flight requests finish within `SHUTDOWN_GRACE_MS`, and exits 0.
 * The app's `main.ts` imports `@bff/gateway-edge/v8` before it (V8's settings, see `tuneV8`).
 *
 * @example
 * void bootstrapBff({ defaults: { client: 'web', port: 3000, managementPort: 9100 }, module: AppModule.forRoot, env: process.env });
 */
export async function bootstrapBff(options: BffBootstrapOptions): Promise<void> {
  const name = `${options.defaults.client}-bff`;
  let config: BffConfig;
  try {
    config = loadBffConfig(options.env, options.defaults);
  } catch (error) {
    if (error instanceof ConfigError) fail(name, error.message);
    throw error;
  }
  const gatewayLogger = GatewayLogger.create({
    level: config.logLevel as LevelWithSilent,
    name,
    pretty: options.env['NODE_ENV'] === 'development' && process.stdout.isTTY === true,
  });
  const logger = new Logger(name);
  const app = await createGatewayApp(options.module(config), config, gatewayLogger);

  let management: Server;
  try {
    await app.listen(config.port, config.host);
    management = await startManagementServer(app, config.host, config.managementPort);
  } catch (error) {
    fail(name, `cannot listen: ${(error as Error).message}`);
  }
  if (config.jwt.developmentSecret) logger.warn('Using the public development JWT secret: for development only');
  logger.log(`listening on http://${config.host}:${config.port} (management http://${config.host}:${config.managementPort})`);

  const readiness = app.get(ReadinessService);
  const { delayMs, graceMs } = config.shutdown;
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: draining (${delayMs} ms before closing, ${graceMs} ms for requests in flight)`);
    // Load balancers see readiness fail and stop sending; meanwhile answers carry Connection: close.
    readiness.beginShutdown();
    await sleep(delayMs);
    const closed = await Promise.race([app.close().then(() => true), sleep(graceMs).then(() => false)]);
    if (!closed) logger.warn(`grace period over: exiting with requests still in flight`);
    await new Promise((resolve) => management.close(resolve));
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
