import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { composeConfig, kubernetesConfig } from './container-config';

const ROOT = join(__dirname, '../..');

describe('container-config', () => {
  it("prints a BFF's Kubernetes manifest, with the image replaced when asked", () => {
    const kinds = parseAllDocuments(kubernetesConfig('mobile-bff')).map((document) => document.toJS().kind);
    expect(kinds).toEqual(['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']);
    const [deployment] = parseAllDocuments(kubernetesConfig('mobile-bff', 'registry.example.com/mobile-bff:1.4.2')).map((document) => document.toJS());
    expect(deployment.spec.template.spec.containers[0].image).toBe('registry.example.com/mobile-bff:1.4.2');
  });

  it('prints the compose service with the shared settings resolved', () => {
    const service = (parse(composeConfig('web-bff')) as { services: Record<string, { build: { args: { APP: string } }; environment: Record<string, string> }> }).services['web-bff'];
    expect(service.build.args.APP).toBe('web-bff');
    expect(service.environment).toMatchObject({ PORT: '3000', REDIS_URL: 'redis://redis:6379' });
  });

  it('names the missing manifest and exits 1 for an unknown app', () => {
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', 'tools/deploy/container-config.ts', 'nope-bff'], {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: 'tools/tsconfig.json' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('container-config: nope-bff has no Kubernetes manifest (apps/nope-bff/k8s/nope-bff.yaml)\n');
  });
});
