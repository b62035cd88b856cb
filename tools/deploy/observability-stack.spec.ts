import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/* eslint-disable @typescript-eslint/no-explicit-any -- compose and provisioning files are untyped YAML */

const root = join(__dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true });
const prometheus = parse(read('tools/observability/prometheus.yml'));
const dashboard = JSON.parse(read('tools/observability/grafana/bff-dashboard.json'));

/** Where compose mounts a host file inside a service's container. */
function mountOf(service: string, hostPath: string): string | undefined {
  const volume = (compose.services[service].volumes as string[]).find((entry) => entry.startsWith(`./${hostPath}:`));
  return volume?.split(':')[1];
}

describe('docker-compose observability stack', () => {
  const bffs = Object.keys(compose.services).filter((name) => name.endsWith('-bff'));

  it('scrapes the management port of every BFF that compose runs, and nothing else', () => {
    const targets = prometheus.scrape_configs.flatMap((job: any) => job.static_configs.flatMap((config: any) => config.targets));
    const expected = bffs.map((name) => `${name}:${compose.services[name].environment.MANAGEMENT_PORT}`);
    expect(bffs.length).toBeGreaterThanOrEqual(3);
    expect([...targets].sort()).toEqual([...expected].sort());
    expect(prometheus.scrape_configs.map((job: any) => job.job_name)).toEqual(['bff']);
  });

  it('sends every BFF\'s traces to the Jaeger service over OTLP/HTTP, which compose starts first', () => {
    for (const name of bffs) {
      const endpoint = new URL(compose.services[name].environment.OTEL_EXPORTER_OTLP_ENDPOINT);
      expect(`${endpoint.protocol}//${endpoint.host}`).toBe('http://jaeger:4318');
      expect(compose.services[name].depends_on).toHaveProperty('jaeger');
    }
    expect(compose.services.jaeger.environment.COLLECTOR_OTLP_ENABLED).toBe('true');
  });

  it('mounts the Prometheus config where the command reads it', () => {
    const mounted = mountOf('prometheus', 'tools/observability/prometheus.yml');
    expect(compose.services.prometheus.command).toContain(`--config.file=${mounted}`);
  });

  it('provisions Grafana with the Prometheus data source the dashboard uses, and the dashboard where the provider looks', () => {
    const datasources = parse(read('tools/observability/grafana/datasources.yml')).datasources;
    const provider = parse(read('tools/observability/grafana/dashboards.yml')).providers[0];
    expect(mountOf('grafana', 'tools/observability/grafana/datasources.yml')).toMatch(/^\/etc\/grafana\/provisioning\/datasources\//);
    expect(mountOf('grafana', 'tools/observability/grafana/dashboards.yml')).toMatch(/^\/etc\/grafana\/provisioning\/dashboards\//);
    expect(mountOf('grafana', 'tools/observability/grafana/bff-dashboard.json')).toBe(`${provider.options.path}/bff-dashboard.json`);
    const prometheusPort = compose.services.prometheus.ports[0].split(':')[1];
    expect(datasources).toEqual([expect.objectContaining({ uid: 'prometheus', type: 'prometheus', url: `http://prometheus:${prometheusPort}` })]);
    for (const panel of dashboard.panels) expect(panel.datasource).toEqual({ type: 'prometheus', uid: 'prometheus' });
  });

  it('has a dashboard whose every query selects the scraped job and whose panels do not overlap', () => {
    const queries: string[] = dashboard.panels.flatMap((panel: any) => panel.targets.map((target: any) => target.expr));
    expect(queries.length).toBeGreaterThan(5);
    for (const query of queries) {
      const selectors = [...query.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*\{([^}]*)\}/g)];
      expect(selectors.length).toBeGreaterThan(0);
      for (const [, labels] of selectors) expect(labels).toContain('job="bff"');
    }
    const cells = new Set<string>();
    for (const { gridPos } of dashboard.panels) {
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x++) {
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });
});
