import { Module } from '@nestjs/common';
import { ProductsController } from './products.controller';

/** The mobile client's catalogue routes. */
@Module({ controllers: [ProductsController] })
export class MobileFeatureCatalogModule {}
