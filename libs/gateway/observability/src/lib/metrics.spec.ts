import { GatewayMetrics } from './metrics';

describe('GatewayMetrics', () => {
  it('exposes the contract metrics and process metrics with the client label', async () => {
    const metrics = new GatewayMetrics('web');
    metrics.httpServerDuration.observe({ method: 'GET', route: '/api/v2/users/*', status: '200' }, 0.01);
    metrics.upstreamDuration.observe({ service: 'users', outcome: 'success' }, 0.005);
    const { contentType, body } = await metrics.scrape();
    expect(contentType).toContain('text/plain');
    expect(body).toContain('http_server_request_duration_seconds_count{client="web",method="GET",route="/api/v2/users/*",status="200"} 1');
    expect(body).toContain('upstream_request_duration_seconds_count{client="web",service="users",outcome="success"} 1');
    expect(body).toContain('process_cpu_seconds_total');
  });

  it('keeps two processes worth of registries apart', async () => {
    const a = new GatewayMetrics('web');
    const b = new GatewayMetrics('mobile');
    a.httpServerDuration.observe({ method: 'GET', route: '/x', status: '200' }, 1);
    expect((await b.scrape()).body).not.toContain('route="/x"');
  });
});
