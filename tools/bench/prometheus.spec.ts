import { sumSamples } from './prometheus';

const EXPOSITION = `# HELP aggregation_part_total Parts of aggregated answers by part and outcome
# TYPE aggregation_part_total counter
aggregation_part_total{part="orders",outcome="ok",client="web"} 120
aggregation_part_total{part="stock",outcome="timeout",client="web"} 3
aggregation_part_total{part="products",outcome="unavailable",client="web"} 2
# TYPE cache_requests_total counter
cache_requests_total{result="HIT",client="web"} 5000
cache_requests_total{result="MISS",client="web"} 1
aggregation_part_total_created{part="orders"} 1700000000
process_resident_memory_bytes 104857600
label_escapes{path="a\\"b",client="web"} 7
`;

describe('sumSamples', () => {
  it('sums the samples of one metric whose labels match', () => {
    expect(sumSamples(EXPOSITION, 'aggregation_part_total', (labels) => labels['outcome'] !== 'ok')).toBe(5);
    expect(sumSamples(EXPOSITION, 'aggregation_part_total')).toBe(125);
    expect(sumSamples(EXPOSITION, 'cache_requests_total', (labels) => labels['result'] === 'HIT')).toBe(5000);
  });

  it('reads a sample without labels, and unescapes label values', () => {
    expect(sumSamples(EXPOSITION, 'process_resident_memory_bytes')).toBe(104857600);
    expect(sumSamples(EXPOSITION, 'label_escapes', (labels) => labels['path'] === 'a"b')).toBe(7);
  });

  it('is 0 for a metric that is not there, and never matches a longer name', () => {
    expect(sumSamples(EXPOSITION, 'rate_limit_rejections_total')).toBe(0);
    expect(sumSamples(EXPOSITION, 'cache_requests')).toBe(0);
  });
});
