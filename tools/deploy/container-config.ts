// `nx container-config <app>`: prints what runs the app in containers, ready to pipe.
//   (default)        its Kubernetes manifest, apps/<app>/k8s/<app>.yaml, e.g. `| kubectl apply -f -`
//   --image=<ref>    the same with the container image replaced (a registry tag of a release)
//   --compose        its docker-compose service with the shared anchors resolved
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const ROOT = join(__dirname, '../..');

/** The app's Kubernetes manifest, with `image` replaced when given. */
export function kubernetesConfig(app: string, image?: string, root = ROOT): string {
  const file = join(root, 'apps', app, 'k8s', `${app}.yaml`);
  if (!existsSync(file)) throw new Error(`${app} has no Kubernetes manifest (apps/${app}/k8s/${app}.yaml)`);
  const manifest = readFileSync(file, 'utf8');
  return image ? manifest.replace(new RegExp(`^(\\s+image: )bff/${app}:latest$`, 'm'), `$1${image}`) : manifest;
}

/** The app's docker-compose service, merge keys (`<<: *bff`) resolved. */
export function composeConfig(app: string, root = ROOT): string {
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services?: Record<string, unknown> };
  const service = compose.services?.[app];
  if (!service) throw new Error(`docker-compose.yml has no ${app} service`);
  return stringify({ services: { [app]: service } });
}

if (require.main === module) {
  const [app, ...flags] = process.argv.slice(2);
  const image = flags.find((flag) => flag.startsWith('--image='))?.slice('--image='.length);
  try {
    if (!app) throw new Error('usage: container-config <app> [--image=<ref>] [--compose]');
    process.stdout.write(flags.includes('--compose') ? composeConfig(app) : kubernetesConfig(app, image));
  } catch (error) {
    process.stderr.write(`container-config: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
