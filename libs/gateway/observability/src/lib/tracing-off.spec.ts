// Any load of the SDK fails this file: a BFF without an OTLP endpoint must never pay for it.
jest.mock('@opentelemetry/sdk-trace-base', () => {
  throw new Error('the OpenTelemetry SDK was loaded');
});

import { GatewayTracing } from './tracing';

describe('GatewayTracing without an endpoint', () => {
  it('is off and never loads the OpenTelemetry SDK', async () => {
    const off = await GatewayTracing.create('web', undefined);
    expect(off.enabled).toBe(false);
  });

  it('loads the SDK only once an endpoint is configured', async () => {
    await expect(GatewayTracing.create('web', { endpoint: 'http://127.0.0.1:9', serviceName: 'web-bff' })).rejects.toThrow(
      'the OpenTelemetry SDK was loaded',
    );
  });
});
