/** Protobuf package of the inventory gRPC API. */
export const INVENTORY_PACKAGE = 'inventory';

/** gRPC service name inside {@link INVENTORY_PACKAGE}. */
export const INVENTORY_SERVICE = 'InventoryService';

/** File name of the inventory proto, shipped next to the built app under `proto/`. */
export const INVENTORY_PROTO_FILE = 'inventory.proto';

/** `@grpc/proto-loader` options for the inventory proto; `defaults` keeps `available: 0` in decoded messages. */
export const INVENTORY_LOADER_OPTIONS = {
  keepCase: true,
  defaults: true,
} as const;

/** Stock level of one product. */
export interface Stock {
  productId: string;
  available: number;
  warehouse: string;
}

/** Request of `InventoryService.GetStock`. */
export interface StockRequest {
  productId: string;
}

/** Request of `InventoryService.GetStockBatch`. */
export interface StockBatchRequest {
  productIds: string[];
}

/** Response of `InventoryService.GetStockBatch`; unknown products are left out. */
export interface StockBatch {
  items: Stock[];
}
