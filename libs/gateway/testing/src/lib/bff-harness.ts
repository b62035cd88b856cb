import { AppProcess } from './app-process';

/** A closed loopback port: connections to it are refused at once. */
export const CLOSED_UPSTREAM = 'http://127.0.0.1:9';

/** A closed loopback `host:port` for the gRPC inventory and the TCP events transport. */
export const CLOSED_HOST_PORT = '127.0.0.1:9';

/** A built BFF running as a process for a black-box test. */
export interface RunningBff {
  /** Public base URL. */
  url: string;
  /** Management base URL. */
  managementUrl: string;
  process: AppProcess;
}

/**
 * Starts `node dist/apps/<app>/main.js` on free ports with every upstream (HTTP, gRPC, TCP events) pointed at a closed port
 * unless `env` says otherwise, and waits until it answers.
 *
 * @example
 * const bff = await startBff('web-bff', { UPSTREAM_USERS: users.url });
 * await fetch(`${bff.url}/api/v2/users/u-1`, { headers: { authorization: `Bearer ${mintToken({ sub: 'u-1' })}` } });
 * await bff.process.stop();
 */
export async function startBff(app: string, env: Record<string, string> = {}): Promise<RunningBff> {
  const { process, ports } = await AppProcess.startOnFreePorts(
    app,
    2,
    ([port, managementPort]) => ({
      HOST: '127.0.0.1',
      PORT: String(port),
      MANAGEMENT_PORT: String(managementPort),
      LOG_LEVEL: 'warn',
      UPSTREAM_USERS: CLOSED_UPSTREAM,
      UPSTREAM_ORDERS: CLOSED_UPSTREAM,
      UPSTREAM_PRODUCTS: CLOSED_UPSTREAM,
      UPSTREAM_INVENTORY: CLOSED_HOST_PORT,
      EVENTS_TCP: CLOSED_HOST_PORT,
      ...env,
    }),
    ([port, managementPort]) => [`http://127.0.0.1:${port}/health/live`, `http://127.0.0.1:${managementPort}/health/live`],
  );
  return { url: `http://127.0.0.1:${ports[0]}`, managementUrl: `http://127.0.0.1:${ports[1]}`, process };
}
