import type { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger, LevelWithSilent, symbols } from 'pino';
import type { AccessLine } from './access-log';

/** How the process logs. */
export interface GatewayLoggerOptions {
  /** `silent` logs nothing. */
  level: LevelWithSilent;
  /** The process name on every line (`web-bff`). */
  name: string;
  /** Human-readable lines instead of JSON (development on a terminal only). */
  pretty?: boolean;
}

/** Where a secret could appear if some code logged headers: always replaced. */
export const REDACTED_PATHS = ['authorization', 'cookie', 'set-cookie', 'x-api-key'].flatMap((name) => [
  `headers["${name}"]`,
  `req.headers["${name}"]`,
  `res.headers["${name}"]`,
]);

// Nest's start-up chatter (modules loaded, routes mapped) is debug, not info.
const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/**
 * The process logger: JSON lines (pino) on stdout written asynchronously, pretty only when asked.
 * It is also Nest's logger, so `new Logger(context)` calls across libs land on the same stream with
 * their `context`.
 *
 * @example
 * const logger = GatewayLogger.create({ level: 'info', name: 'web-bff' });
 * const app = await NestFactory.create(AppModule, adapter, { logger });
 */
export class GatewayLogger implements LoggerService {
  /** pino's stream, where its lines go (stdout, a transport or the destination given). */
  private readonly destination: { write(line: string): unknown };
  /** The logger's base fields as they follow `time` in each of its lines: `,"name":"web-bff"`. */
  private readonly bindings: string;

  constructor(readonly pino: Logger) {
    const internals = pino as unknown as Record<symbol, unknown>;
    this.destination = internals[symbols.streamSym] as { write(line: string): unknown };
    this.bindings = internals[symbols.chindingsSym] as string;
  }

  /** A logger writing to `destination` (default: stdout, asynchronously). */
  static create(options: GatewayLoggerOptions, destination?: DestinationStream): GatewayLogger {
    const settings = { level: options.level, base: { name: options.name }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
    if (destination) return new GatewayLogger(pino(settings, destination));
    if (options.pretty) return new GatewayLogger(pino({ ...settings, transport: { target: 'pino-pretty', options: { singleLine: true } } }));
    return new GatewayLogger(pino(settings, stdout()));
  }

  /** Whether {@link access} would write a line for a request (a probe's or another's): check before building it. */
  logsAccess(probe: boolean): boolean {
    return this.pino.isLevelEnabled(probe ? 'debug' : 'info');
  }

  /**
   * Logs one request's access line: at info, at debug for probes. The line is written as pino
   * writes it (level, time, the base fields, the line's own, `"msg":"request"`), but serialised
   * here, with one `JSON.stringify` of its flat object, and handed to pino's stream: pino's own
   * serialiser (a walk over the object through the redaction wrapper, each value escaped on its
   * own) cost about 8 µs of a pass-through's CPU (perf), the largest part of the access log.
   */
  access(line: AccessLine, probe: boolean): void {
    const level = probe ? 'debug' : 'info';
    if (!this.pino.isLevelEnabled(level)) return;
    const fields = JSON.stringify(line);
    this.destination.write(`{"level":${this.pino.levels.values[level]},"time":${Date.now()}${this.bindings},${fields.slice(1, -1)},"msg":"request"}\n`);
  }

  log(message: unknown, ...params: unknown[]): void {
    const context = contextOf(params);
    if (context && BOOT_CONTEXTS.has(context)) this.write('debug', message, params);
    else this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params, true);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params, true);
  }

  private write(level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', message: unknown, params: unknown[], withStack = false): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const context = contextOf(params);
    const fields: Record<string, unknown> = context ? { context } : {};
    const stack = withStack && params.length >= 2 ? params[0] : undefined;
    if (typeof stack === 'string') fields['stack'] = stack;
    if (message instanceof Error) fields['err'] = message;
    else if (typeof message === 'object' && message !== null) Object.assign(fields, message);
    this.pino[level](fields, message instanceof Error ? message.message : typeof message === 'string' ? message : '');
  }
}

/**
 * stdout, written asynchronously (SonicBoom, flushed on exit by pino) from a Buffer per line.
 * SonicBoom's string mode measures the UTF-8 length of the lines still queued on every write
 * (`Buffer.byteLength` of its last chunk, up to 16 KiB): under load, with lines queued behind a
 * write in progress, that was 2.9 µs per access line of a cached GET (perf). Its buffer mode keeps
 * the lengths as it goes.
 */
function stdout(): DestinationStream & { flush(callback: (error?: Error) => unknown): void } {
  const sonic = pino.destination({ dest: 1, sync: false, contentMode: 'buffer' });
  return {
    write: (line: string) => sonic.write(Buffer.from(line) as unknown as string),
    flush: (callback) => sonic.flush(callback),
  };
}

/** Nest passes the context as the last string argument. */
function contextOf(params: unknown[]): string | undefined {
  const last = params[params.length - 1];
  return typeof last === 'string' ? last : undefined;
}
