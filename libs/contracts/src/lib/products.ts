/** Currency of every price in the demo catalog. */
export type Currency = 'EUR';

/** A catalog product served by the products service. */
export interface Product {
  id: string;
  name: string;
  description: string;
  price: number;
  currency: Currency;
  category: string;
  imageUrl: string;
}

/** A product suggested for a user, `score` in [0, 1], higher is better. */
export interface Recommendation {
  productId: string;
  score: number;
}

/** Body of `GET /recommendations`, best match first. */
export interface RecommendationList {
  items: Recommendation[];
}
