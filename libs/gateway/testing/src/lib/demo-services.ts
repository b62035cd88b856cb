import { AppProcess } from './app-process';

/** The built demo services running on free ports, and the BFF environment pointing at them. */
export interface RunningDemoServices {
  process: AppProcess;
  /** `UPSTREAM_*` and `EVENTS_TCP` for a BFF that should use these services. */
  env: Record<string, string>;
}

/**
 * Starts `node dist/apps/demo-services/main.js` with every service on a free port (events over
 * TCP, or NATS when `natsUrl` is given) and waits until users, orders and products answer.
 *
 * @example
 * const demo = await startDemoServices();
 * const bff = await startBff('web-bff', demo.env);
 */
export async function startDemoServices(natsUrl?: string): Promise<RunningDemoServices> {
  const {
    process,
    ports: [users, orders, productsA, productsB, inventory, notifications],
  } = await AppProcess.startOnFreePorts(
    'demo-services',
    6,
    ([users, orders, productsA, productsB, inventory, notifications]) => ({
      USERS_PORT: String(users),
      ORDERS_PORT: String(orders),
      PRODUCTS_PORTS: `${productsA},${productsB}`,
      INVENTORY_URL: `127.0.0.1:${inventory}`,
      NOTIFICATIONS_PORT: String(notifications),
      ...(natsUrl ? { NATS_URL: natsUrl } : {}),
    }),
    (ports) => ports.slice(0, 4).map((port) => `http://127.0.0.1:${port}/health`),
  );
  return {
    process,
    env: {
      UPSTREAM_USERS: `http://127.0.0.1:${users}`,
      UPSTREAM_ORDERS: `http://127.0.0.1:${orders}`,
      UPSTREAM_PRODUCTS: `http://127.0.0.1:${productsA},http://127.0.0.1:${productsB}`,
      UPSTREAM_INVENTORY: `127.0.0.1:${inventory}`,
      EVENTS_TCP: `127.0.0.1:${notifications}`,
      ...(natsUrl ? { NATS_URL: natsUrl } : {}),
    },
  };
}
