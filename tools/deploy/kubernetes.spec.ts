import { loadBffConfig } from '@bff/gateway-config';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are untyped YAML, checked field by field */

const root = join(__dirname, '../..');
const bffs = readdirSync(join(root, 'apps')).filter((name) => /^[a-z][a-z0-9-]*-bff$/.test(name));

function manifests(app: string): Record<string, any> {
  const text = readFileSync(join(root, 'apps', app, 'k8s', `${app}.yaml`), 'utf8');
  const documents = parseAllDocuments(text);
  for (const document of documents) expect(document.errors).toEqual([]);
  return Object.fromEntries(documents.map((document) => document.toJS()).map((resource) => [resource.kind, resource]));
}

describe.each(bffs)('%s Kubernetes manifests', (app) => {
  const byKind = manifests(app);
  const deployment = byKind['Deployment'];
  const pod = deployment?.spec.template.spec;
  const container = pod?.containers.find((candidate: any) => candidate.name === app);
  const env: Record<string, string> = Object.fromEntries((container?.env ?? []).map((variable: any) => [variable.name, variable.value]));
  const portOf = (name: string) => container.ports.find((port: any) => port.name === name)?.containerPort;

  it('has a Deployment, Service, HorizontalPodAutoscaler and PodDisruptionBudget named after the app', () => {
    expect(Object.keys(byKind).sort()).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service']);
    for (const resource of Object.values(byKind)) expect(resource.metadata.name).toBe(app);
    expect(container.image).toBe(`bff/${app}:latest`);
  });

  it('selects its own pods everywhere', () => {
    const podLabels = deployment.spec.template.metadata.labels;
    const matches = (selector: Record<string, string>) => Object.entries(selector).every(([key, value]) => podLabels[key] === value);
    expect(matches(deployment.spec.selector.matchLabels)).toBe(true);
    expect(matches(byKind['Service'].spec.selector)).toBe(true);
    expect(matches(byKind['PodDisruptionBudget'].spec.selector.matchLabels)).toBe(true);
    expect(byKind['HorizontalPodAutoscaler'].spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: app });
  });

  it('gives the container an environment the BFF accepts in production, with the JWT settings from a Secret', () => {
    expect(container.envFrom).toEqual([{ secretRef: { name: `${app}-jwt` } }]);
    expect(Object.keys(env).filter((name) => /SECRET|PASSWORD|TOKEN/.test(name))).toEqual([]);
    const config = loadBffConfig({ ...env, JWT_SECRET: 'k'.repeat(32) }, { client: 'web', port: 3000, managementPort: 9100 });
    expect(config.production).toBe(true);
    expect(portOf('http')).toBe(config.port);
    expect(portOf('management')).toBe(config.managementPort);
  });

  it('probes liveness and readiness on the management port and outlasts the shutdown sequence', () => {
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'management' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'management' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/health/live', port: 'management' });
    const preStopSeconds = container.lifecycle.preStop.sleep.seconds;
    expect(preStopSeconds).toBeGreaterThan(0);
    const shutdownMs = preStopSeconds * 1000 + Number(env['SHUTDOWN_DELAY_MS']) + Number(env['SHUTDOWN_GRACE_MS']);
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(shutdownMs);
    const scraped = deployment.spec.template.metadata.annotations;
    expect(Number(scraped['prometheus.io/port'])).toBe(portOf('management'));
  });

  it('never lets a voluntary disruption or a rollout take every pod', () => {
    expect(byKind['PodDisruptionBudget'].spec.minAvailable).toBeGreaterThanOrEqual(1);
    expect(byKind['PodDisruptionBudget'].spec.minAvailable).toBeLessThan(byKind['HorizontalPodAutoscaler'].spec.minReplicas);
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    expect(container.resources.requests.cpu).toBeDefined();
    expect(pod.securityContext.runAsNonRoot).toBe(true);
  });
});
