export { AggregationMeta, AggregationOptions, AggregationScope, Aggregator } from './lib/aggregation';
export { AggregationModule } from './lib/aggregation.module';
export { DegradedPart, PartFailureReason, reasonOf } from './lib/part-failure';
export { RequiredPartException } from './lib/required-part.exception';
