import { describe, expect, it } from 'vitest';
import { buildGraph, centrality, communities, ranked } from '../../src/analytics/graph-metrics.ts';
import { centsToDecimal } from '../../src/analytics/money.ts';

// a–b, a–c, b–c form a triangle; c–d–e a tail. Values worked out by hand (degree, betweenness)
// and by an independent power iteration (PageRank, damping 0.85).
const projection = {
  nodes: ['e', 'd', 'c', 'b', 'a'].map((id) => ({ id })),
  edges: [
    { from: 'a', to: 'b' },
    { from: 'c', to: 'a' },
    { from: 'b', to: 'c' },
    { from: 'c', to: 'd' },
    { from: 'd', to: 'e' },
  ],
};

describe('centrality', () => {
  const graph = buildGraph(projection);

  it('degree counts relationships, parallel ones too', () => {
    expect(centrality(graph, 'DEGREE')).toEqual({ a: 2, b: 2, c: 3, d: 2, e: 1 });
    const doubled = buildGraph({ ...projection, edges: [...projection.edges, { from: 'e', to: 'd' }] });
    expect(centrality(doubled, 'DEGREE')).toMatchObject({ d: 3, e: 2 });
  });

  it('betweenness counts the shortest paths through each node', () => {
    expect(centrality(graph, 'BETWEENNESS')).toEqual({ a: 0, b: 0, c: 4, d: 3, e: 0 });
  });

  it('PageRank matches an independent computation, ties ranked by id', () => {
    const scores = centrality(graph, 'PAGERANK');
    const expected = { c: 0.2834030381, d: 0.2125988688, a: 0.1918217869, b: 0.1918217869, e: 0.1203545193 };
    for (const [id, value] of Object.entries(expected)) expect(scores[id]).toBeCloseTo(value, 6);
    expect(ranked(scores, 5).map((score) => score.id)).toEqual(['c', 'd', 'a', 'b', 'e']);
  });

  it('is deterministic whatever order the projection arrives in', () => {
    const shuffled = buildGraph({
      nodes: [...projection.nodes].reverse(),
      edges: [...projection.edges].reverse(),
    });
    expect(centrality(shuffled, 'PAGERANK')).toEqual(centrality(graph, 'PAGERANK'));
  });
});

describe('communities', () => {
  it('splits two triangles joined by one edge, and names each by its most central member', () => {
    const twoTriangles = buildGraph({
      nodes: ['a', 'b', 'c', 'x', 'y', 'z', 'lonely'].map((id) => ({ id })),
      edges: [
        ['a', 'b'],
        ['b', 'c'],
        ['a', 'c'],
        ['x', 'y'],
        ['y', 'z'],
        ['x', 'z'],
        ['c', 'x'],
      ].map(([from, to]) => ({ from: from as string, to: to as string })),
    });
    expect(communities(twoTriangles)).toEqual([
      { label: 'c', members: ['c', 'a', 'b'] },
      { label: 'x', members: ['x', 'y', 'z'] },
    ]);
  });
});

describe('centsToDecimal', () => {
  it('writes cents exactly, with the sign in front', () => {
    expect(centsToDecimal(60244470)).toBe('602444.70');
    expect(centsToDecimal(5)).toBe('0.05');
    expect(centsToDecimal(-19965)).toBe('-199.65');
  });
});
