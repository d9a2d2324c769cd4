import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFixture } from '../helpers/api.ts';
import { loadKnowledgeBase, resolutionDir } from '../helpers/knowledge-base.ts';

/**
 * Issue 37, point 2: a search with its hits' quotes and relations nested (bench/search-soak.ts)
 * costs two round trips, and citations asked without their sources come from a lighter query
 * that answers the same. The resolution (9 July 2024) and the minutes of the 1st WG-AS meeting
 * (13 March 2024) are loaded on a copy, so that a day can hide a source.
 */
const MINUTES = 'synthetic-wg-as-1-minutes';
const RESOLUTION_SOURCE = 'cabinet-resolution-2024-07-09-adgmin4';

interface Citation {
  quote: string;
  section: string | null;
  source?: { id: string };
}
interface Hit {
  entity: {
    id: string;
    citations: Citation[];
    relations: { nodes: Array<{ type: string; node: { id: string }; provenance: Citation[] }> };
  };
}

let api: Awaited<ReturnType<typeof apiFixture>>;

beforeAll(async () => {
  api = await apiFixture();
  await loadKnowledgeBase(api.db, resolutionDir('wg-as-minutes'));
});
afterAll(() => api.close());

const soak = (citation: string, asOf = '') => `query ($q: String!) {
  search(query: $q, first: 10${asOf}) {
    entity { id citations { ${citation} }
      relations(first: 5) { nodes { type node { id name } provenance { quote section } } } }
  }
}`;

async function search(query: string, citation: string, asOf = '') {
  const response = await api.gql(soak(citation, asOf), { q: query });
  expect(response.errors).toBeUndefined();
  return { hits: response.data.search as Hit[], roundTrips: response.extensions?.roundTrips };
}

/** The citations of each hit, as `quote section` alone reads them. */
const citationsOf = (hits: Hit[]) =>
  hits.map((hit) => [hit.entity.id, hit.entity.citations.map(({ quote, section }) => ({ quote, section }))]);

describe('a search with quotes and relations nested', () => {
  it('costs two round trips: the search, then the relations and citations of all hits', async () => {
    const { hits, roundTrips } = await search('ASEAN ICT Fund approval', 'quote section');
    expect(roundTrips).toBe(2);
    const fund = hits.find((hit) => hit.entity.id === 'ict-fund-approval-2024')?.entity;
    expect(fund?.citations).toEqual([expect.objectContaining({ section: '3-ICT' })]);
    const funded = fund?.relations.nodes.find((relation) => relation.type === 'FUNDED_BY');
    expect(funded).toMatchObject({ node: { id: 'asean-ict-fund' }, provenance: [{ section: '3-ICT' }] });
    expect(funded?.provenance[0]?.quote).toContain('602,444.70');
  });

  it('gives each hit the citations, in the order, that the full evidence gives', async () => {
    for (const query of ['ASEAN Digital Ministers', 'WG-AS', 'ICT Fund']) {
      const light = await search(query, 'quote section');
      const full = await search(query, 'quote section source { id }');
      expect(light.hits.length).toBeGreaterThan(0);
      expect(citationsOf(light.hits)).toEqual(citationsOf(full.hits));
    }
  });

  it('cites, as of a day, only the sources known then', async () => {
    const asOf = ', asOf: "2024-03-31"';
    const light = await search('WG-AS', 'quote section', asOf);
    const full = await search('WG-AS', 'quote section source { id }', asOf);
    const meeting = (hits: Hit[]) => hits.find((hit) => hit.entity.id === 'wg-as-1')?.entity.citations;
    expect(citationsOf(light.hits)).toEqual(citationsOf(full.hits));
    expect(meeting(full.hits)?.map((citation) => citation.source?.id)).toEqual([MINUTES]);
    // Today the resolution cites the meeting too: the day's filter is what left it out.
    const today = await search('WG-AS', 'quote section source { id }');
    expect(meeting(today.hits)?.map((citation) => citation.source?.id)).toContain(RESOLUTION_SOURCE);
  });
});
