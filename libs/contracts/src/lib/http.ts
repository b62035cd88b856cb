/** Offset-paginated list: one page of `items` plus the `total` number of matches. */
export interface Page<T> {
  items: T[];
  total: number;
}

/** Cursor-paginated list; pass `nextCursor` back as `cursor`, `null` means no more pages. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** Body of every `GET /health` response. */
export interface HealthResponse {
  status: 'ok';
  service: string;
}

/** Body of every HTTP error response. */
export interface ErrorResponse {
  message: string;
}
