import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Attributes, Context, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace, TraceFlags, Tracer } from '@opentelemetry/api';
import type { BasicTracerProvider, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { AsyncLocalStorage } from 'node:async_hooks';
import { parseTraceParent } from './trace-context';

/** Where and as what spans are exported. */
export interface TracingOptions {
  /** OTLP/HTTP base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`); spans are posted as JSON to `<endpoint>/v1/traces`. */
  endpoint: string;
  /** `service.name` of every span (`OTEL_SERVICE_NAME`, default `<client>-bff`). */
  serviceName: string;
  /** Longest wait before a batch of finished spans is sent, in milliseconds; default 5000. */
  scheduledDelayMillis?: number;
}

/** What the edge knows about a request when it starts. */
export interface RequestSpanFacts {
  method: string;
  /** The matched route template, undefined when no route matched. */
  route: string | undefined;
  /** The raw URL (path and query); only the path is recorded. */
  url: string;
  requestId: string;
  /** The incoming `traceparent` header: a valid one becomes the span's remote parent. */
  traceparent: string | string[] | undefined;
}

/** The instance an upstream attempt goes to. */
export interface AttemptTarget {
  service: string;
  /** `http://host:port` of the chosen instance. */
  origin: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
}

/** A part of an aggregated answer. */
export interface PartFacts {
  part: string;
  required: boolean;
}

/** How a part span ends: the aggregation's own outcome and what became of the answer. */
export interface PartResult {
  /** `ok`, or the failure reason the aggregation classified (`unavailable`, `timeout`, `circuit_open`, `error`). */
  outcome: string;
  /** `ok`; `fallback` for an optional part answered by its fallback; `failed` for a required part. */
  result: 'ok' | 'fallback' | 'failed';
}

/**
 * The attribute names of OpenTelemetry's semantic conventions that the spans carry, as
 * `@opentelemetry/semantic-conventions` spells them (the spec checks each against it). That package
 * is not loaded at run time: 0.4 MB of source, held by every BFF whether it traces or not, for
 * seven strings.
 */
export const SEMANTIC_ATTRIBUTES = {
  httpRequestMethod: 'http.request.method',
  httpResponseStatusCode: 'http.response.status_code',
  httpRoute: 'http.route',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  serviceName: 'service.name',
  urlPath: 'url.path',
} as const;

/** Span attribute names of the gateway's own, beside the semantic conventions. */
export const GATEWAY_ATTRIBUTES = {
  client: 'bff.client',
  requestId: 'bff.request_id',
  service: 'bff.upstream.service',
  attempt: 'bff.upstream.attempt',
  outcome: 'bff.upstream.outcome',
  part: 'bff.part.name',
  partRequired: 'bff.part.required',
  partOutcome: 'bff.part.outcome',
  partResult: 'bff.part.result',
} as const;

const REQUEST_SPAN = Symbol('requestSpan');

type SpanHolder = { [REQUEST_SPAN]?: Span };

/**
 * The incoming `traceparent` as a remote parent context, or the root context (a new trace) when it
 * is missing or malformed.
 */
function parentOf(incoming: string | string[] | undefined): Context {
  const parent = parseTraceParent(incoming);
  if (!parent) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: parent.traceId, spanId: parent.spanId, traceFlags: parseInt(parent.flags, 16) & 1, isRemote: true });
}

function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/**
 * OpenTelemetry traces of one BFF process: a SERVER span per request, a CLIENT span per upstream
 * attempt (its context is the `traceparent` sent upstream), an INTERNAL span per aggregation part,
 * exported in batches over OTLP/HTTP. Built only when an endpoint is configured: otherwise
 * {@link GatewayTracing.enabled} is false, no provider exists, and callers check that one boolean
 * before touching anything else, so a request pays nothing for tracing being off.
 *
 * Parents are passed explicitly (the request span rides on the request object, the parent of an
 * upstream call is handed to the upstream layer with the call), with one exception: the span of
 * the aggregation part an upstream call is made in. Parts are closures (`() => this.json.get(...)`)
 * that run concurrently for one request, so no per-request field can tell which part a call
 * belongs to; an `AsyncLocalStorage` entered for the part's closure can. It exists only in a
 * process that traces, and only part closures enter it, so the pass-through path never touches it.
 * The provider is not registered globally: nothing else in the process produces spans by accident.
 *
 * @example
 * const span = tracing.enabled ? tracing.startRequest({ method, route, url, requestId, traceparent }) : undefined;
 */
@Injectable()
export class GatewayTracing implements OnApplicationShutdown {
  /** Tracing off: no provider, no spans. */
  static readonly disabled = new GatewayTracing(undefined, '');

  /** True when spans are made and exported; check it before calling anything else. */
  readonly enabled: boolean;
  private readonly tracer: Tracer;
  private readonly parts: AsyncLocalStorage<Context> | undefined;

  private constructor(
    private readonly provider: BasicTracerProvider | undefined,
    private readonly client: string,
  ) {
    this.enabled = provider !== undefined;
    // Off: the API's no-op tracer, never called since callers check `enabled` first.
    this.tracer = provider ? provider.getTracer('@bff/gateway-observability') : trace.getTracer('@bff/gateway-observability');
    this.parts = provider ? new AsyncLocalStorage<Context>() : undefined;
  }

  /**
   * Tracing for `client`: exported to `options.endpoint` when given (or through `exporter`, for
   * tests), {@link GatewayTracing.disabled} when `options` is undefined.
   */
  static async create(client: string, options: TracingOptions | undefined, exporter?: SpanExporter): Promise<GatewayTracing> {
    if (!options) return GatewayTracing.disabled;
    // The SDK is loaded only by a process that traces: one that does not never pays its start-up time and memory.
    const [{ OTLPTraceExporter }, { resourceFromAttributes }, { BasicTracerProvider, BatchSpanProcessor }] = await Promise.all([
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/sdk-trace-base'),
    ]);
    const spanExporter = exporter ?? new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` });
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ [SEMANTIC_ATTRIBUTES.serviceName]: options.serviceName, [GATEWAY_ATTRIBUTES.client]: client }),
      spanProcessors: [new BatchSpanProcessor(spanExporter, { scheduledDelayMillis: options.scheduledDelayMillis ?? 5000 })],
    });
    return new GatewayTracing(provider, client);
  }

  /**
   * Starts the SERVER span of a request, child of the incoming `traceparent` when valid (else a
   * new trace), and keeps it on `request` for {@link GatewayTracing.parentFor}.
   */
  startRequest(request: object, facts: RequestSpanFacts): Span {
    const query = facts.url.indexOf('?');
    const attributes: Attributes = {
      [SEMANTIC_ATTRIBUTES.httpRequestMethod]: facts.method,
      [SEMANTIC_ATTRIBUTES.urlPath]: query < 0 ? facts.url : facts.url.slice(0, query),
      [GATEWAY_ATTRIBUTES.requestId]: facts.requestId,
    };
    if (facts.route) attributes[SEMANTIC_ATTRIBUTES.httpRoute] = facts.route;
    const name = facts.route ? `${facts.method} ${facts.route}` : facts.method;
    const span = this.tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parentOf(facts.traceparent));
    (request as SpanHolder)[REQUEST_SPAN] = span;
    return span;
  }

  /** Ends a request's span with its status: an error from 500 on. */
  endRequest(span: Span, status: number): void {
    span.setAttribute(SEMANTIC_ATTRIBUTES.httpResponseStatusCode, status);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  }

  /** The request span kept on `request`, if tracing started one. */
  requestSpanOf(request: object): Span | undefined {
    return (request as SpanHolder)[REQUEST_SPAN];
  }

  /**
   * The parent of an upstream call made for `request`: the aggregation part it runs in, else the
   * request's span; undefined when the request has no span.
   */
  parentFor(request: object): Context | undefined {
    const part = this.parts?.getStore();
    if (part) return part;
    const span = (request as SpanHolder)[REQUEST_SPAN];
    return span ? trace.setSpan(ROOT_CONTEXT, span) : undefined;
  }

  /** Starts the CLIENT span of one upstream HTTP attempt under `parent` (else a new trace); send its {@link GatewayTracing.traceparentOf} upstream. */
  startAttempt(parent: Context | undefined, target: AttemptTarget, method: string): Span {
    const url = new URL(target.origin);
    return this.tracer.startSpan(
      `${method} ${target.service}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          [SEMANTIC_ATTRIBUTES.httpRequestMethod]: method,
          [GATEWAY_ATTRIBUTES.service]: target.service,
          [SEMANTIC_ATTRIBUTES.serverAddress]: url.hostname,
          [SEMANTIC_ATTRIBUTES.serverPort]: portOf(url),
          [GATEWAY_ATTRIBUTES.attempt]: target.attempt,
        },
      },
      parent ?? ROOT_CONTEXT,
    );
  }

  /**
   * Ends an attempt (or any CLIENT/PRODUCER) span with its outcome (`success`, `error`, `timeout`,
   * `unreachable`, `circuit_open`, ...) and the answer's status code when there was an answer.
   */
  endAttempt(span: Span, outcome: string, status?: number): void {
    span.setAttribute(GATEWAY_ATTRIBUTES.outcome, outcome);
    if (status !== undefined) span.setAttribute(SEMANTIC_ATTRIBUTES.httpResponseStatusCode, status);
    if (outcome !== 'success') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
    span.end();
  }

  /**
   * Starts a CLIENT or PRODUCER span for a non-HTTP call (gRPC, events) under `parent` (else a new
   * trace), with the attributes given.
   */
  startCall(parent: Context | undefined, name: string, kind: SpanKind, attributes: Attributes): Span {
    return this.tracer.startSpan(name, { kind, attributes }, parent ?? ROOT_CONTEXT);
  }

  /**
   * Starts the INTERNAL span `part <name>` of an aggregation part, child of the part it is declared
   * in (else of the request's span); run the part's closure with {@link GatewayTracing.withinPart}
   * and end the span with {@link GatewayTracing.endPart}.
   */
  startPart(request: object, facts: PartFacts): Span {
    const attributes = { [GATEWAY_ATTRIBUTES.part]: facts.part, [GATEWAY_ATTRIBUTES.partRequired]: facts.required, [GATEWAY_ATTRIBUTES.client]: this.client };
    return this.tracer.startSpan(`part ${facts.part}`, { kind: SpanKind.INTERNAL, attributes }, this.parentFor(request) ?? ROOT_CONTEXT);
  }

  /** Runs a part's closure so that the upstream calls it makes (even after awaits) are children of the part's span. */
  withinPart<T>(span: Span, load: () => Promise<T>): Promise<T> {
    return this.parts ? this.parts.run(trace.setSpan(ROOT_CONTEXT, span), load) : load();
  }

  /** Ends a part span with its outcome; anything but `ok` is an error status. */
  endPart(span: Span, result: PartResult): void {
    span.setAttribute(GATEWAY_ATTRIBUTES.partOutcome, result.outcome);
    span.setAttribute(GATEWAY_ATTRIBUTES.partResult, result.result);
    if (result.result !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: result.outcome });
    span.end();
  }

  /** The id of `span`'s trace. */
  traceIdOf(span: Span): string {
    return span.spanContext().traceId;
  }

  /** The W3C `traceparent` naming `span` as the parent, to send with the call it stands for. */
  traceparentOf(span: Span): string {
    const context = span.spanContext();
    return `00-${context.traceId}-${context.spanId}-${context.traceFlags & TraceFlags.SAMPLED ? '01' : '00'}`;
  }

  /** Sends the spans still buffered and stops exporting. */
  async onApplicationShutdown(): Promise<void> {
    await this.provider?.shutdown();
  }
}
