import { createRequire } from 'node:module';
import { UndirectedGraph } from 'graphology';
import { userError } from '../errors.ts';
import type { Projection } from '../stores/analytics-store.ts';

// These packages are CommonJS whose typings declare a default export that does not exist at run
// time under Node's ESM loader; require them and keep their declared types.
const require = createRequire(import.meta.url);
const louvain =
  require('graphology-communities-louvain') as typeof import('graphology-communities-louvain').default;
const betweenness =
  require('graphology-metrics/centrality/betweenness') as typeof import('graphology-metrics/centrality/betweenness.js').default;
const pagerank =
  require('graphology-metrics/centrality/pagerank') as typeof import('graphology-metrics/centrality/pagerank.js').default;

type Graph = UndirectedGraph<Record<string, never>, { weight: number }>;

export type CentralityMeasure = 'DEGREE' | 'PAGERANK' | 'BETWEENNESS';

export interface Score {
  id: string;
  score: number;
}

export interface Community {
  members: string[];
  /** The most central member (highest degree, then lowest id). */
  label: string;
}

/** Fixed so results are the same on every run. */
export const PAGERANK = { alpha: 0.85, maxIterations: 100, tolerance: 1e-9 };

/**
 * An undirected, weighted graph of a projection: parallel relationships between two entities become
 * one edge whose weight is their number. Nodes and edges go in sorted by id, so every algorithm
 * sees them in the same order.
 */
export function buildGraph(projection: Projection): Graph {
  const graph: Graph = new UndirectedGraph({ allowSelfLoops: false });
  for (const node of [...projection.nodes].sort((a, b) => a.id.localeCompare(b.id))) graph.addNode(node.id);
  const edges = projection.edges
    .filter((edge) => edge.from !== edge.to && graph.hasNode(edge.from) && graph.hasNode(edge.to))
    .map((edge) => (edge.from < edge.to ? [edge.from, edge.to] : [edge.to, edge.from]) as [string, string])
    .sort(([a1, b1], [a2, b2]) => a1.localeCompare(a2) || b1.localeCompare(b2));
  for (const [from, to] of edges) {
    graph.updateEdge(from, to, (attributes) => ({ weight: (attributes.weight ?? 0) + 1 }));
  }
  return graph;
}

/** Number of relationships of each node (parallel ones counted). */
function degrees(graph: Graph): Record<string, number> {
  const out: Record<string, number> = {};
  graph.forEachNode((node) => {
    out[node] = graph.reduceEdges(node, (sum, _edge, attributes) => sum + attributes.weight, 0);
  });
  return out;
}

/** Exact betweenness is O(nodes × relationships); beyond this many nodes it would run for minutes. */
export const MAX_BETWEENNESS_NODES = 10_000;

export function centrality(graph: Graph, measure: CentralityMeasure): Record<string, number> {
  if (graph.order === 0) return {};
  if (measure === 'BETWEENNESS' && graph.order > MAX_BETWEENNESS_NODES) {
    throw userError(
      'QUERY_TOO_COMPLEX',
      `Betweenness is computed exactly, up to ${MAX_BETWEENNESS_NODES} entities; this projection has ${graph.order}. Narrow it with nodeTypes or types.`,
    );
  }
  switch (measure) {
    case 'DEGREE':
      return degrees(graph);
    case 'PAGERANK':
      return pagerank(graph, { ...PAGERANK, getEdgeWeight: 'weight' });
    case 'BETWEENNESS':
      // Hops, not weights: a path through two agreements is as long as any other two-hop path.
      return betweenness(graph, { getEdgeWeight: null, normalized: false });
  }
}

/** The `top` highest scores, ties broken by id. */
export function ranked(scores: Record<string, number>, top: number): Score[] {
  return Object.entries(scores)
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, top);
}

/** mulberry32, seeded: Louvain's random choices repeat exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Louvain communities (seeded), largest first; isolated nodes are left out. */
export function communities(graph: Graph): Community[] {
  if (graph.size === 0) return [];
  const assignment = louvain(graph, { getEdgeWeight: 'weight', rng: seededRandom(42) });
  const degree = degrees(graph);
  const groups = new Map<number, string[]>();
  for (const [node, community] of Object.entries(assignment)) {
    if (graph.degree(node) === 0) continue;
    groups.set(community, [...(groups.get(community) ?? []), node]);
  }
  return [...groups.values()]
    .map((members) => {
      const sorted = members.sort((a, b) => (degree[b] ?? 0) - (degree[a] ?? 0) || a.localeCompare(b));
      return { members: sorted, label: sorted[0] as string };
    })
    .sort((a, b) => b.members.length - a.members.length || a.label.localeCompare(b.label));
}

/**
 * Projections are loaded once and kept until the data changes (the Source fingerprints differ),
 * so repeated analytics cost one cheap version query.
 */
export class ProjectionCache {
  private readonly entries = new Map<
    string,
    { version: string; graph: Graph; results: Map<string, unknown> }
  >();

  async get(
    key: string,
    version: string,
    load: () => Promise<Projection>,
  ): Promise<{ graph: Graph; memo: <T>(name: string, compute: () => T) => T }> {
    let entry = this.entries.get(key);
    if (!entry || entry.version !== version) {
      entry = { version, graph: buildGraph(await load()), results: new Map() };
      this.entries.set(key, entry);
      if (this.entries.size > 32) this.entries.delete(this.entries.keys().next().value as string);
    }
    const { graph, results } = entry;
    const memo = <T>(name: string, compute: () => T): T => {
      if (!results.has(name)) results.set(name, compute());
      return results.get(name) as T;
    };
    return { graph, memo };
  }
}
