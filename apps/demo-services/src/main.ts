import { INVENTORY_PROTO_FILE } from '@bff/contracts';
import { join } from 'node:path';
import { oneLine } from './common/one-line';
import { ConfigError, loadConfig } from './config';
import { registerServices } from './registry/self-registration';
import { startServices, stopServices } from './services';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const services = await startServices(
    config,
    join(__dirname, 'proto', INVENTORY_PROTO_FILE),
  );
  for (const { name, url } of services) {
    console.log(`${name.padEnd(14)} ${url}`);
  }
  const registration = await registerServices(config);
  if (registration) {
    console.log(`${'registry'.padEnd(14)} registered in Redis`);
  }

  let stopping = false;
  const shutdown = () => {
    if (stopping) {
      return;
    }
    stopping = true;
    Promise.resolve(registration?.stop())
      .then(() => stopServices(services))
      .then(
        () => process.exit(0),
        (error: unknown) =>
          exitWithError(`demo-services failed to stop: ${oneLine(error)}`),
      );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

function exitWithError(line: string): never {
  console.error(line);
  process.exit(1);
}

main().catch((error: unknown) =>
  exitWithError(
    error instanceof ConfigError
      ? error.message
      : `demo-services failed to start: ${oneLine(error)}`,
  ),
);
