import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDir, readSource } from '../../src/facts/source-files.ts';
import { normalizeText } from '../../src/facts/values.ts';
import { apiFixture } from '../helpers/api.ts';
import { RESOLUTION as source } from '../helpers/knowledge-base.ts';

// The source reader and citations, on the Cabinet resolution of 9 July 2024 (data/).
let api: Awaited<ReturnType<typeof apiFixture>>;

beforeAll(async () => {
  api = await apiFixture();
});
afterAll(() => api.close());

interface SpanNode {
  start: number;
  end: number;
  quote: string;
  section: string | null;
  entity: { id: string } | null;
  relation: { id: string } | null;
}

const data = (query: string, variables?: Record<string, unknown>) => api.data(query, variables);

async function allSpans(): Promise<{ text: string; spans: SpanNode[]; total: number }> {
  const spans: SpanNode[] = [];
  let after: string | null = null;
  let text = '';
  let total = 0;
  do {
    const page = (await data(
      `query ($id: ID!, $after: String) { entity(id: $id) { ... on Source {
        text spans(first: 100, after: $after) {
          totalCount pageInfo { hasNextPage endCursor }
          nodes { start end quote section entity { id } relation { id } }
        } } } }`,
      { id: source, after },
    )) as {
      entity: {
        text: string;
        spans: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string };
          nodes: SpanNode[];
        };
      };
    };
    text = page.entity.text;
    total = page.entity.spans.totalCount;
    spans.push(...page.entity.spans.nodes);
    after = page.entity.spans.pageInfo.hasNextPage ? page.entity.spans.pageInfo.endCursor : null;
  } while (after);
  return { text, spans, total };
}

describe('the source reader', () => {
  it('serves the full text of a source as its file gives it', async () => {
    const { text } = await allSpans();
    expect(text).toBe(readFileSync(join(dataDir, 'sources', `${source}.txt`), 'utf8').normalize('NFC'));
  });

  it('locates every quoted span: text.slice(start, end) is the quote, whitespace normalised', async () => {
    const { text, spans, total } = await allSpans();
    expect(spans).toHaveLength(total);
    // Every entity and every relation of the facts file (139 and 255 as curated) is cited once.
    const { facts } = readSource(source);
    expect(facts.entities.length).toBeGreaterThan(100);
    expect(spans.filter((span) => span.entity).length).toBe(facts.entities.length);
    expect(spans.filter((span) => span.relation).length).toBe(facts.relations.length);
    for (const span of spans) {
      expect(normalizeText(text.slice(span.start, span.end)), span.quote).toBe(normalizeText(span.quote));
    }
    // Reading order, and no span twice across pages.
    const keys = spans.map((span) => `${span.entity?.id ?? span.relation?.id}@${span.start}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (let i = 1; i < spans.length; i++)
      expect((spans[i] as SpanNode).start).toBeGreaterThanOrEqual((spans[i - 1] as SpanNode).start);
  });

  it('gives every citation of an entity and of a relation its offsets in the text', async () => {
    const { text } = await allSpans();
    const { entity } = (await data(`{ entity(id: "wg-as") {
      citations { quote start end source { id } }
      relations(first: 50) { nodes { provenance { quote start end source { id } } } }
    } }`)) as {
      entity: {
        citations: Array<{ quote: string; start: number; end: number }>;
        relations: { nodes: Array<{ provenance: Array<{ quote: string; start: number; end: number }> }> };
      };
    };
    const cited = [...entity.citations, ...entity.relations.nodes.flatMap((relation) => relation.provenance)];
    expect(cited.length).toBeGreaterThan(5);
    for (const citation of cited)
      expect(normalizeText(text.slice(citation.start, citation.end))).toBe(normalizeText(citation.quote));
  });

  it('refuses a cursor it did not give', async () => {
    const response = await api.gql(
      `{ entity(id: "${source}") { ... on Source { spans(after: "nonsense") { totalCount } } } }`,
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('citations', () => {
  const path = async (format: string) =>
    (
      (await data(
        `{ shortestPath(from: "thailand", to: "itu") { citation(format: ${format}) edges { provenance { quote } } } }`,
      )) as {
        shortestPath: { citation: string; edges: Array<{ provenance: Array<{ quote: string }> }> };
      }
    ).shortestPath;

  it('cites a path in Markdown with one footnote per hop, each with title, date, section and quote', async () => {
    const { citation, edges } = await path('MARKDOWN');
    const footnotes = citation.split('\n').filter((line) => /^\[\^\d+\]: /.test(line));
    expect(footnotes).toHaveLength(edges.length);
    footnotes.forEach((footnote, index) => {
      expect(footnote).toContain('*Results of the 4th ASEAN Digital Ministers');
      expect(footnote).toContain('(9 July 2024)');
      expect(footnote).toMatch(/section \S+: “/);
      expect(footnote).toContain(`“${edges[index]?.provenance[0]?.quote}”`);
    });
    expect(citation).toMatch(/^1\. Thailand —ATTENDED→ .+\[\^1\]$/m);
  });

  it('cites a path and its hops whole when nothing else of them is selected', async () => {
    // The path's query fetches only what is selected; a citation reads names and provenance.
    const { shortestPath } = (await data(
      '{ shortestPath(from: "thailand", to: "itu") { citation edges { citation } } }',
    )) as { shortestPath: { citation: string; edges: Array<{ citation: string }> } };
    expect(shortestPath.citation).toMatch(/^1\. Thailand —ATTENDED→ .+\[\^1\]$/m);
    expect(shortestPath.citation).toMatch(/section \S+: “/);
    expect(shortestPath.edges[0]?.citation).toMatch(/Thailand —ATTENDED→ .+section \S+: “/s);
  });

  it('cites as plain text and as CSL-JSON for reference managers', async () => {
    const text = (await path('TEXT')).citation;
    expect(text).toMatch(/^ {2}Source: Results of the 4th .+ \(9 July 2024\), section 2\.1: “/m);
    const items = JSON.parse((await path('CSL_JSON')).citation) as Array<Record<string, unknown>>;
    expect(items.length).toBe(3);
    expect(items[0]).toMatchObject({
      type: 'document',
      publisher: 'Cabinet of Thailand',
      issued: { 'date-parts': [[2024, 7, 9]] },
      language: 'th',
    });
    expect(String(items[0]?.title)).toContain('4th ASEAN Digital Ministers');
  });

  it('cites a relation, an edge and an entity the same way', async () => {
    const { entity, neighborhood } = (await data(`{
      entity(id: "itu") { citation(format: TEXT) relations(first: 1) { nodes { citation(format: MARKDOWN) } } }
      neighborhood(id: "itu", depth: 1, limit: 5) { edges { citation(format: TEXT) } }
    }`)) as {
      entity: { citation: string; relations: { nodes: Array<{ citation: string }> } };
      neighborhood: { edges: Array<{ citation: string }> };
    };
    expect(entity.citation).toMatch(/^International Telecommunication Union \(Organization\)\n {2}Source: /);
    expect(entity.relations.nodes[0]?.citation).toMatch(/\[\^1\]\n\n\[\^1\]: \*Results/);
    expect(neighborhood.edges[0]?.citation).toMatch(/—[A-Z_]+→/);
  });
});
