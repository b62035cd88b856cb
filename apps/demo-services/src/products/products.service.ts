import { Page, Product, RecommendationList } from '@bff/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';
import { paginate } from '../common/pagination';
import { createRng, hashSeed, shuffle } from '../data/prng';
import { SEED_DATA } from '../data/seed';
import { ListProductsQuery } from './products.schemas';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/** Read-only catalog over the seeded products. */
@Injectable()
export class ProductsService {
  private readonly products = new Map(SEED_DATA.products.map((p) => [p.id, p]));

  list({ ids, category, limit, offset }: ListProductsQuery): Page<Product> {
    const candidates = ids
      ? ids.flatMap((id) => this.products.get(id) ?? [])
      : [...this.products.values()];
    const matches = category
      ? candidates.filter((product) => product.category === category)
      : candidates;
    return paginate(
      matches,
      Math.min(limit ?? ids?.length ?? DEFAULT_LIMIT, MAX_LIMIT),
      offset,
    );
  }

  get(id: string): Product {
    const product = this.products.get(id);
    if (!product) {
      throw new NotFoundException('product not found');
    }
    return product;
  }

  /** Products in an order derived from the user id, scores strictly decreasing. */
  recommend(userId: string, limit: number): RecommendationList {
    const rng = createRng(hashSeed(userId));
    const picks = shuffle(rng, [...this.products.keys()]).slice(0, limit);
    return {
      items: picks.map((productId, rank) => ({
        productId,
        score: Math.round((0.99 - rank * 0.04 - rng() * 0.02) * 1000) / 1000,
      })),
    };
  }
}
