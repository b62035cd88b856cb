import { escapeXml, plotSvg } from './svg';

/** Throws unless every element opened is closed in order (a well-formedness check for this writer's output). */
function assertBalanced(svg: string): void {
  const open: string[] = [];
  for (const [tag, closing, name, selfClosing] of svg.matchAll(/<(\/?)([a-z]+)\b[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (!closing) open.push(name);
    else if (open.pop() !== name) throw new Error(`unbalanced ${tag}`);
  }
  if (open.length) throw new Error(`unclosed ${open.join(', ')}`);
}

const PANELS = [
  {
    title: 'Memory (MiB)',
    series: [
      { name: 'RSS', color: '#1f77b4', points: [0, 1, 2].map((x) => ({ x, y: 100 + x })) },
      { name: 'heap used', color: '#ff7f0e', points: [0, 1, 2].map((x) => ({ x, y: 40 })) },
    ],
  },
  { title: 'Latency <ms> & "p99"', series: [{ name: 'p99', color: 'red', points: [{ x: 0, y: 5 }, { x: 1, y: NaN }, { x: 2, y: 9 }] }] },
];

describe('plotSvg', () => {
  const svg = plotSvg('Soak & leak', 'minutes', PANELS);

  it('is a well-formed standalone SVG document', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(() => assertBalanced(svg)).not.toThrow();
  });

  it('draws a polyline per series with one point per finite sample', () => {
    const lines = [...svg.matchAll(/<polyline data-series="([^"]+)"[^>]* points="([^"]*)"\/>/g)].map(([, name, points]) => [name, points.split(' ').length]);
    expect(lines).toEqual([
      ['RSS', 3],
      ['heap used', 3],
      ['p99', 2],
    ]);
  });

  it('puts the highest value of a panel inside its plot area, below its top', () => {
    const rss = /data-series="RSS"[^>]* points="([^"]*)"/.exec(svg)?.[1].split(' ') ?? [];
    const ys = rss.map((point) => Number(point.split(',')[1]));
    expect(ys[2]).toBeLessThan(ys[0]);
    expect(ys[2]).toBeGreaterThan(70);
  });

  it('escapes text so titles cannot break the markup', () => {
    expect(svg).toContain('Soak &amp; leak');
    expect(svg).toContain('Latency &lt;ms&gt; &amp; &quot;p99&quot;');
    expect(escapeXml(`<a href='x'>`)).toBe('&lt;a href=&apos;x&apos;&gt;');
  });
});
