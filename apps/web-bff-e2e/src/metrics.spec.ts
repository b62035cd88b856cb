import { FakeUpstream, mintToken, RunningBff, startBff } from '@bff/gateway-testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dashboard = JSON.parse(readFileSync(join(__dirname, '../../../tools/observability/grafana/bff-dashboard.json'), 'utf8'));
const HISTOGRAM_SERIES = /_(bucket|count|sum)$/;

describe('web-bff metrics as the Grafana dashboard reads them', () => {
  let users: FakeUpstream;
  let bff: RunningBff;

  beforeAll(async () => {
    users = await FakeUpstream.start(() => ({ body: { id: 'u-1' } }));
    bff = await startBff('web-bff', { UPSTREAM_USERS: users.url });
  });

  afterAll(async () => {
    await bff.process.stop();
    await users.close();
  });

  it('exposes every metric a dashboard panel queries, with the labels the panel groups by wherever it has samples', async () => {
    await fetch(`${bff.url}/api/v2/users/u-1`, { headers: { authorization: `Bearer ${mintToken({ sub: 'u-1' })}` } });
    const exposition = await (await fetch(`${bff.managementUrl}/metrics`)).text();
    const families = new Map([...exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => [name, type]));
    const queries: string[] = dashboard.panels.flatMap((panel: { targets: { expr: string }[] }) => panel.targets.map((target) => target.expr));
    for (const query of queries) {
      const samples: string[] = [];
      for (const [, series] of query.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)) {
        const family = families.has(series) ? series : series.replace(HISTOGRAM_SERIES, '');
        expect({ query, series, exposed: families.has(family) }).toEqual({ query, series, exposed: true });
        if (family !== series) expect(families.get(family)).toBe('histogram');
        samples.push(...exposition.split('\n').filter((line) => line.startsWith(`${series}{`)));
      }
      if (samples.length === 0) continue;
      for (const [, labels] of query.matchAll(/by \(([^)]*)\)/g)) {
        for (const label of labels.split(',').map((name) => name.trim()).filter((name) => name !== 'le')) {
          expect({ query, label, present: samples.every((line) => line.includes(`${label}="`)) }).toEqual({ query, label, present: true });
        }
      }
    }
  });
});
