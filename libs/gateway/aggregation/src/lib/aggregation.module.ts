import { Global, Module } from '@nestjs/common';
import { Aggregator } from './aggregation';

/** Provides the {@link Aggregator}; needs the observability module (GatewayMetrics). */
@Global()
@Module({ providers: [Aggregator], exports: [Aggregator] })
export class AggregationModule {}
