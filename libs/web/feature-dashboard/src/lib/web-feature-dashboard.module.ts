import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';

/** The web client's dashboard. Needs the aggregation and inventory modules. */
@Module({ controllers: [DashboardController] })
export class WebFeatureDashboardModule {}
