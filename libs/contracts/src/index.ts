export * from './lib/events';
export * from './lib/http';
export * from './lib/inventory';
export * from './lib/orders';
export * from './lib/products';
export * from './lib/users';
