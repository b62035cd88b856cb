import {
  Order,
  OrderStatus,
  Product,
  Stock,
  User,
  UserPreferences,
} from '@bff/contracts';
import { orderTotal } from './order-total';
import { createRng, pick, randomInt, Rng, shuffle } from './prng';

/** All in-memory demo data; orders are oldest first. */
export interface SeedData {
  readonly users: readonly User[];
  readonly preferences: readonly UserPreferences[];
  readonly products: readonly Product[];
  readonly orders: readonly Order[];
  readonly stock: readonly Stock[];
}

const USER_COUNT = 30;
const PRODUCT_COUNT = 40;
const ORDER_COUNT = 100;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const USERS_START = Date.UTC(2024, 0, 1);
const ORDERS_START = Date.UTC(2025, 0, 1);

const FIRST_NAMES = [
  'Ada',
  'Ben',
  'Chloe',
  'David',
  'Emma',
  'Felix',
  'Grace',
  'Hugo',
  'Iris',
  'Jonas',
];
const LAST_NAMES = [
  'Meyer',
  'Novak',
  'Rossi',
  'Schmidt',
  'Dubois',
  'Jansen',
  'Garcia',
  'Berg',
  'Kowalski',
  'Silva',
];
const CATALOG: Record<string, readonly string[]> = {
  electronics: ['Headphones', 'Keyboard', 'Monitor', 'Speaker', 'Webcam'],
  books: ['Cookbook', 'Novel', 'Atlas', 'Biography', 'Poetry Collection'],
  home: ['Lamp', 'Kettle', 'Blanket', 'Vase', 'Mug'],
  sports: ['Yoga Mat', 'Water Bottle', 'Running Cap', 'Jump Rope', 'Dumbbell'],
};
const CATEGORIES = Object.keys(CATALOG);
const ADJECTIVES = [
  'Classic',
  'Compact',
  'Deluxe',
  'Eco',
  'Smart',
  'Vintage',
  'Ultra',
  'Everyday',
];
const STATUSES: readonly OrderStatus[] = [
  'pending',
  'paid',
  'shipped',
  'delivered',
  'cancelled',
];
const WAREHOUSES = ['AMS-1', 'BER-1', 'MAD-1'];
const LANGUAGES = ['en', 'de', 'fr', 'es', 'nl'];

/** Generates the demo data; the same seed always yields the same data. */
export function createSeedData(seed: number): SeedData {
  const rng = createRng(seed);
  const users = numbers(USER_COUNT).map((n) => createUser(rng, n));
  const products = numbers(PRODUCT_COUNT).map((n) => createProduct(rng, n));
  return {
    users,
    preferences: users.map((user) => ({
      userId: user.id,
      language: pick(rng, LANGUAGES),
      currency: 'EUR',
      newsletter: rng() < 0.5,
    })),
    products,
    orders: createOrders(rng, users, products),
    stock: products.map((product, index) => ({
      productId: product.id,
      available: (index + 1) % 7 === 0 ? 0 : randomInt(rng, 1, 250),
      warehouse: pick(rng, WAREHOUSES),
    })),
  };
}

/** Seed of {@link SEED_DATA}. */
export const DEMO_SEED = 20240601;

/** The data every service of this process starts from. */
export const SEED_DATA: SeedData = createSeedData(DEMO_SEED);

function numbers(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index + 1);
}

function createUser(rng: Rng, n: number): User {
  const block = Math.floor((n - 1) / FIRST_NAMES.length);
  const first = FIRST_NAMES[(n - 1) % FIRST_NAMES.length];
  const last = LAST_NAMES[(n - 1 + block * 3) % LAST_NAMES.length];
  const username = `${first}.${last}`.toLowerCase();
  return {
    id: `u-${n}`,
    username,
    name: `${first} ${last}`,
    email: `${username}@example.com`,
    tier: rng() < 0.25 ? 'gold' : 'standard',
    createdAt: new Date(
      USERS_START + (n - 1) * 5 * DAY + randomInt(rng, 0, 23) * HOUR,
    ).toISOString(),
  };
}

function createProduct(rng: Rng, n: number): Product {
  const category = CATEGORIES[(n - 1) % CATEGORIES.length];
  const noun =
    CATALOG[category][
      Math.floor((n - 1) / CATEGORIES.length) % CATALOG[category].length
    ];
  const adjective = pick(rng, ADJECTIVES);
  return {
    id: `p-${n}`,
    name: `${adjective} ${noun}`,
    description: `${adjective} ${noun.toLowerCase()} from our ${category} range.`,
    price: randomInt(rng, 499, 29999) / 100,
    currency: 'EUR',
    category,
    imageUrl: `https://img.example.com/p-${n}.jpg`,
  };
}

/** Every user gets two orders, u-1 three more, the rest go to random users. */
function createOrders(
  rng: Rng,
  users: readonly User[],
  products: readonly Product[],
): Order[] {
  const owners = [
    ...users.flatMap((user) => [user.id, user.id]),
    'u-1',
    'u-1',
    'u-1',
  ];
  while (owners.length < ORDER_COUNT) {
    owners.push(pick(rng, users).id);
  }
  return shuffle(rng, owners).map((userId, index) => {
    const items = shuffle(rng, products)
      .slice(0, randomInt(rng, 1, 3))
      .map((product) => ({
        productId: product.id,
        quantity: randomInt(rng, 1, 3),
        unitPrice: product.price,
      }));
    return {
      id: `o-${index + 1}`,
      userId,
      status: pick(rng, STATUSES),
      createdAt: new Date(
        ORDERS_START + index * 7 * HOUR + randomInt(rng, 0, 300) * 60_000,
      ).toISOString(),
      items,
      total: orderTotal(items),
    };
  });
}
