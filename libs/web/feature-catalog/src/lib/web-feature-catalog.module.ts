import { Module } from '@nestjs/common';
import { CatalogController } from './catalog.controller';

/** The web client's public catalogue. Needs the aggregation and inventory modules. */
@Module({ controllers: [CatalogController] })
export class WebFeatureCatalogModule {}
