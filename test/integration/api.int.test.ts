import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFixture } from '../helpers/api.ts';

let api: Awaited<ReturnType<typeof apiFixture>>;

beforeAll(async () => {
  api = await apiFixture();
});
afterAll(() => api.close());

const codeOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  response.errors?.[0]?.extensions?.code;

describe('round trips', () => {
  it('a three-level query over 50+ parents costs at most 4 round trips', async () => {
    const response = await api.gql(`{
      entities(first: 60) {
        nodes {
          id
          relations(first: 5) {
            nodes {
              node {
                id
                relations(first: 3) { totalCount nodes { type provenance { quote source { name } } } }
              }
            }
          }
        }
      }
    }`);
    expect(response.errors).toBeUndefined();
    const nodes = (response.data.entities as { nodes: unknown[] }).nodes;
    expect(nodes).toHaveLength(60);
    expect(response.extensions?.roundTrips).toBeLessThanOrEqual(4);
  });

  it('fetches only the selected properties, without mixing up two selections of one entity', async () => {
    const response = await api.gql(`{
      a: entity(id: "thailand") { name }
      b: entity(id: "thailand") { ... on Country { iso2 funding { ... on Project { amountUsd } } } }
      c: countries(where: { nameContains: "thai" }) { nodes { nameTh properties } }
    }`);
    expect(response.errors).toBeUndefined();
    expect(response.data.a).toEqual({ name: 'Thailand' });
    const b = response.data.b as { iso2: string; funding: Array<{ amountUsd: string | null }> };
    expect(b.iso2).toBe('TH');
    expect(b.funding.some((project) => project.amountUsd !== null)).toBe(true);
    const [thailand] = (
      response.data.c as { nodes: Array<{ nameTh: string; properties: Record<string, unknown> }> }
    ).nodes;
    expect(thailand?.nameTh).toBe('ประเทศไทย');
    expect(thailand?.properties).toMatchObject({ id: 'thailand', name: 'Thailand', iso2: 'TH' });
  });

  it('a total on its own is only counted, and agrees with the pages', async () => {
    const alone = await api.gql('{ topics(where: { nameContains: "data" }) { totalCount } }');
    const paged = await api.gql(
      '{ topics(where: { nameContains: "data" }, first: 100) { totalCount nodes { id } } }',
    );
    expect(alone.extensions?.roundTrips).toBe(1);
    const total = (alone.data.topics as { totalCount: number }).totalCount;
    expect(total).toBeGreaterThan(1);
    expect(paged.data.topics).toMatchObject({ totalCount: total });
    expect((paged.data.topics as { nodes: unknown[] }).nodes).toHaveLength(total);
  });

  it('typed fields at any depth come in the same query as the list', async () => {
    const response = await api.gql(`{
      meetings(first: 50) {
        nodes { id hostCountry { name agreements { id parties { id } } } chair { name } attendees { id } topics { name } }
      }
    }`);
    expect(response.errors).toBeUndefined();
    expect(response.extensions?.roundTrips).toBe(1);
    const adgmin = (response.data.meetings as { nodes: Array<Record<string, unknown>> }).nodes.find(
      (meeting) => meeting.id === 'adgmin-4',
    );
    expect(adgmin?.hostCountry).toMatchObject({ name: 'Singapore' });
    expect(adgmin?.attendees).toContainEqual({ id: 'thailand' });
  });

  it('typed fields under an entity, through fragments, cost one round trip per root and match the loaders', async () => {
    const country = `iso2 aliases agreements { id name parties { id properties } } meetings { id chair { id nameTh } }
      funding { id ... on Project { year amount { amount currency } amountUsd } }`;
    const planned = await api.gql(`
      fragment Deals on Country { ${country} }
      { thailand: entity(id: "thailand") { id ...Deals ... on Meeting { hostCountry { id } } }
        adgmin: entity(id: "adgmin-4") { id ...Deals ... on Meeting { hostCountry { id } } } }`);
    expect(planned.errors).toBeUndefined();
    expect(planned.extensions?.roundTrips).toBe(2);
    // The same fields reached through relations(), which is not planned and goes through the loaders.
    const loaded = await api.gql(`{ entity(id: "adgmin-4") { relations(types: ["ATTENDED"], first: 100) {
      nodes { node { id ... on Country { ${country} } } } } } }`);
    expect(loaded.errors).toBeUndefined();
    expect(loaded.extensions?.roundTrips).toBeGreaterThan(2);
    const thailand = (
      loaded.data.entity as { relations: { nodes: Array<{ node: { id: string } }> } }
    ).relations.nodes.find((relation) => relation.node.id === 'thailand')?.node;
    expect(planned.data.thailand).toEqual(thailand);
    expect((planned.data.thailand as { agreements: unknown[] }).agreements.length).toBeGreaterThan(0);
    expect(planned.data.adgmin).toEqual({ id: 'adgmin-4', hostCountry: { id: 'singapore' } });
  });

  it('sources, citations and claims come in the query that finds the entity, at any depth, and match the loaders', async () => {
    const evidence = `sources { id name date } citations { section quote source { id name } }
      claims { property value preferred provenance { section quote source { id date } } }
      history { summary sourceDate } citation(format: TEXT)`;
    const meeting = `id ${evidence} ... on Meeting { outcomes { id ${evidence} } }`;
    const planned = await api.gql(`{ entity(id: "adgmin-4") { ${meeting} } }`);
    expect(planned.errors).toBeUndefined();
    expect(planned.extensions?.roundTrips).toBe(1);
    // The same fields reached through relations(), which is not planned and goes through the loaders.
    const loaded =
      await api.gql(`{ entity(id: "singapore-declaration") { relations(types: ["PRODUCED"], first: 5) {
      nodes { node { ${meeting} } } } } }`);
    expect(loaded.errors).toBeUndefined();
    expect(loaded.extensions?.roundTrips).toBeGreaterThan(1);
    const adgmin = (
      loaded.data.entity as { relations: { nodes: Array<{ node: { id: string } }> } }
    ).relations.nodes.find((relation) => relation.node.id === 'adgmin-4')?.node;
    expect(planned.data.entity).toEqual(adgmin);
    const entity = planned.data.entity as {
      sources: Array<{ id: string }>;
      claims: Array<{
        property: string;
        value: unknown;
        provenance: { quote: string; source: { id: string } };
      }>;
      outcomes: Array<{ sources: Array<{ id: string }> }>;
    };
    const source = 'cabinet-resolution-2024-07-09-adgmin4';
    expect(entity.sources.map((s) => s.id)).toContain(source);
    expect(entity.claims.find((claim) => claim.property === 'name')).toMatchObject({
      value: "4th ASEAN Digital Ministers' Meeting and related meetings",
      provenance: { source: { id: source } },
    });
    expect(entity.outcomes.length).toBeGreaterThan(0);
    expect(entity.outcomes.every((outcome) => outcome.sources.some((s) => s.id === source))).toBe(true);
  });

  it("a path's cited sources come in the path's own query", async () => {
    const response = await api.gql(`{ shortestPath(from: "thailand", to: "itu") {
      edges { type provenance { quote source { id name } } } } }`);
    expect(response.errors).toBeUndefined();
    expect(response.extensions?.roundTrips).toBe(1);
    const edges = (
      response.data.shortestPath as { edges: Array<{ provenance: Array<{ source: { name: string } }> }> }
    ).edges;
    expect(edges.length).toBeGreaterThan(0);
    for (const edge of edges) {
      expect(edge.provenance.length).toBeGreaterThan(0);
      for (const { source } of edge.provenance) expect(source.name).toEqual(expect.any(String));
    }
  });
});

describe('entities and relations', () => {
  it('resolves an entity with typed fields, properties and provenance', async () => {
    const response = await api.gql(`{
      entity(id: "ict-fund-approval-2024") {
        __typename name nameTh properties
        ... on FundApproval { year projectCount amount { amount currency } amountUsd fund { name } approvedBy { name startDate } projects { name } }
        citations { section quote source { id } }
      }
    }`);
    expect(response.errors).toBeUndefined();
    expect(response.data.entity).toMatchObject({
      __typename: 'FundApproval',
      year: 2024,
      projectCount: 15,
      amount: { amount: '602444.70', currency: 'USD' },
      amountUsd: '602444.70',
      fund: { name: 'ASEAN ICT Fund' },
      approvedBy: {
        name: "4th ASEAN Digital Ministers' Meeting and related meetings",
        startDate: '2024-02-01',
      },
      projects: [{ name: 'ASEAN Digital Awards 2025' }],
      citations: [{ section: '3-ICT', source: { id: 'cabinet-resolution-2024-07-09-adgmin4' } }],
    });
    const properties = (response.data.entity as { properties: Record<string, unknown> }).properties;
    expect(properties).toMatchObject({ amount: '602444.70', amountCents: 60244470, year: 2024 });
    expect(properties).not.toHaveProperty('searchTh');
  });

  it('pages relations with keyset cursors and counts them only when asked', async () => {
    const first = await api.gql(
      '{ entity(id: "thailand") { relations(first: 5) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } } }',
    );
    const page1 = (
      first.data.entity as {
        relations: {
          totalCount: number;
          pageInfo: { endCursor: string; hasNextPage: boolean };
          nodes: Array<{ id: string }>;
        };
      }
    ).relations;
    expect(page1.nodes).toHaveLength(5);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const seen = new Set(page1.nodes.map((node) => node.id));
    let cursor: string | null = page1.pageInfo.endCursor;
    while (cursor) {
      const next = await api.gql(
        'query ($after: String) { entity(id: "thailand") { relations(first: 5, after: $after) { pageInfo { hasNextPage endCursor } nodes { id } } } }',
        { after: cursor },
      );
      const page = (
        next.data.entity as {
          relations: { pageInfo: { endCursor: string; hasNextPage: boolean }; nodes: Array<{ id: string }> };
        }
      ).relations;
      for (const node of page.nodes) seen.add(node.id);
      cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    }
    expect(seen.size).toBe(page1.totalCount);
  });

  it('pages a list by name in either order, page after page, with the same total', async () => {
    for (const order of ['ASC', 'DESC']) {
      const whole = await api.gql(
        `{ topics(orderBy: { order: ${order} }, first: 100) { nodes { id name } } }`,
      );
      const all = (whole.data.topics as { nodes: Array<{ id: string; name: string }> }).nodes;
      const names = all.map((topic) => topic.name.toLowerCase());
      const sorted = [...names].sort();
      expect(names).toEqual(order === 'ASC' ? sorted : sorted.reverse());
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const response = await api.gql(
          `query ($after: String) { topics(orderBy: { order: ${order} }, first: 7, after: $after) {
            totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`,
          { after },
        );
        const page = response.data.topics as {
          totalCount: number;
          nodes: Array<{ id: string }>;
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
        expect(page.totalCount).toBe(all.length);
        seen.push(...page.nodes.map((node) => node.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toEqual(all.map((topic) => topic.id));
    }
  });

  it('filters, sorts and pages a typed list', async () => {
    const response = await api.gql(`{
      meetings(where: { from: "2024-02-01", to: "2025-12-31" }, orderBy: { field: DATE, order: ASC }, first: 3) {
        totalCount nodes { id startDate } pageInfo { hasNextPage endCursor }
      }
    }`);
    const meetings = response.data.meetings as {
      totalCount: number;
      nodes: Array<{ id: string }>;
      pageInfo: { endCursor: string };
    };
    expect(meetings.totalCount).toBe(5);
    expect(meetings.nodes.map((node) => node.id)).toEqual(['adgmin-4', 'wg-as-1', 'cabinet-2024-07-09']);
    const rest = await api.gql(
      'query ($after: String) { meetings(where: { from: "2024-02-01", to: "2025-12-31" }, orderBy: { field: DATE }, first: 3, after: $after) { nodes { id } pageInfo { hasNextPage } } }',
      { after: meetings.pageInfo.endCursor },
    );
    expect(rest.data.meetings).toEqual({
      nodes: [{ id: 'adgmin-5' }, { id: 'adgsom-5' }],
      pageInfo: { hasNextPage: false },
    });

    // Sources are listed on their own, never among the entities of any type.
    const sources = await api.gql(
      '{ sources { totalCount nodes { id } } entities(first: 100) { nodes { type } } }',
    );
    const listed = sources.data.sources as { totalCount: number; nodes: Array<{ id: string }> };
    expect(listed.nodes).toContainEqual({ id: 'cabinet-resolution-2024-07-09-adgmin4' });
    expect(listed.totalCount).toBe(listed.nodes.length);
    const everything = (sources.data.entities as { nodes: Array<{ type: string }> }).nodes;
    expect(everything.length).toBeGreaterThan(50);
    expect(everything.some((entity) => entity.type === 'Source')).toBe(false);

    const mixed = await api.gql(
      '{ entities(types: ["Country", "Person"], first: 100) { totalCount nodes { __typename } } }',
    );
    expect(mixed.data.entities).toMatchObject({ totalCount: 13 });
    const typenames = (mixed.data.entities as { nodes: Array<{ __typename: string }> }).nodes.map(
      (n) => n.__typename,
    );
    expect(new Set(typenames)).toEqual(new Set(['Country', 'Person']));

    const related = await api.gql(
      '{ countries(where: { relatedTo: "trilateral-malaysia-brunei-thailand" }) { nodes { id } } }',
    );
    expect(related.data.countries).toEqual({
      nodes: [{ id: 'brunei' }, { id: 'malaysia' }, { id: 'thailand' }],
    });
    const byYear = await api.gql('{ projects(where: { year: 2021 }) { totalCount nodes { id } } }');
    expect(byYear.data.projects).toEqual({ totalCount: 1, nodes: [{ id: 'project-ict-startup-study' }] });
    const byCountry = await api.gql(
      '{ meetings(where: { country: "KH", kind: "bilateral" }) { nodes { id } } }',
    );
    expect(byCountry.data.meetings).toEqual({ nodes: [{ id: 'talk-thailand-cambodia' }] });
  });
});

describe('search', () => {
  const ids = async (query: string, types?: string[]) => {
    const response = await api.gql(
      'query ($q: String!, $t: [String!]) { search(query: $q, types: $t, first: 5) { score entity { id } } }',
      { q: query, t: types },
    );
    expect(response.errors).toBeUndefined();
    return (response.data.search as Array<{ entity: { id: string } }>).map((hit) => hit.entity.id);
  };

  it('finds Thai words inside Thai text that has no spaces', async () => {
    expect((await ids('ไทย', ['Country']))[0]).toBe('thailand');
    expect(await ids('หลอกลวงออนไลน์')).toContain('topic-online-scams');
    expect((await ids('กองทุน'))[0]).toBe('asean-ict-fund');
  });

  it('finds English names, acronyms and aliases', async () => {
    expect((await ids('ITU'))[0]).toBe('itu');
    expect(await ids('ITU', ['Country', 'Organization'])).toEqual(['itu']);
    expect((await ids('WG-AS'))[0]).toBe('wg-as');
    expect(await ids('MDES')).toContain('mdes');
    expect((await ids('singapore declaration'))[0]).toBe('singapore-declaration');
  });

  it('treats hostile strings as text: no errors, no changed meaning', async () => {
    for (const hostile of [
      '"',
      '(((',
      'AND',
      'OR NOT',
      '~',
      '*',
      '\\',
      'ITU~2',
      'name:ITU',
      '[a TO z]',
      '"ITU" AND (',
      '/regex/',
      '',
      '   ',
    ]) {
      const response = await api.gql('query ($q: String!) { search(query: $q) { entity { id } } }', {
        q: hostile,
      });
      expect(response.errors, hostile).toBeUndefined();
    }
    expect(await ids('ITU~2')).toEqual(await ids('itu 2'));
    expect(await ids('*')).toEqual([]);
  });
});

describe('graph', () => {
  it('finds the path from Thailand to the ITU, every hop cited', async () => {
    const response = await api.gql(
      '{ shortestPath(from: "thailand", to: "itu") { length nodes { id } edges { type provenance { quote } } } }',
    );
    const path = response.data.shortestPath as {
      length: number;
      nodes: Array<{ id: string }>;
      edges: Array<{ provenance: unknown[] }>;
    };
    expect(path.length).toBe(3);
    expect(path.nodes.map((node) => node.id)).toEqual([
      'thailand',
      'adgmin-4',
      'adgmin-4-dialogue-partners',
      'itu',
    ]);
    expect(path.edges.every((edge) => edge.provenance.length === 1)).toBe(true);
  });

  it('returns null when no path exists within the hop limit, and never walks through provenance', async () => {
    const none = await api.gql('{ shortestPath(from: "thailand", to: "itu", maxHops: 2) { length } }');
    expect(none).toMatchObject({ data: { shortestPath: null } });
    expect(none.errors).toBeUndefined();
  });

  it('caps a neighborhood and says when it was truncated', async () => {
    const small = await api.gql(
      '{ neighborhood(id: "thailand", depth: 2, limit: 10) { truncated nodes { id } edges { from to } } }',
    );
    const graph = small.data.neighborhood as {
      truncated: boolean;
      nodes: Array<{ id: string }>;
      edges: Array<{ from: string; to: string }>;
    };
    expect(graph.truncated).toBe(true);
    expect(graph.nodes).toHaveLength(10);
    const ids = new Set(graph.nodes.map((node) => node.id));
    expect(graph.edges.every((edge) => ids.has(edge.from) && ids.has(edge.to))).toBe(true);
    const whole = await api.gql('{ neighborhood(id: "wg-as-1", depth: 1) { truncated nodes { id } } }');
    // The start first, then what the resolution relates it to (another source may add more).
    const first = whole.data.neighborhood as { truncated: boolean; nodes: Array<{ id: string }> };
    expect(first.truncated).toBe(false);
    expect(first.nodes[0]).toEqual({ id: 'wg-as-1' });
    expect(first.nodes).toEqual(expect.arrayContaining([{ id: 'cambodia' }, { id: 'wg-as' }]));
    // The start entity comes with the first level: depth 1 is one round trip.
    expect(whole.extensions?.roundTrips).toBe(1);
    // Only what is selected is fetched, and what is selected is all there.
    const cited = await api.gql(
      '{ neighborhood(id: "wg-as-1", depth: 1) { nodes { name } edges { type provenance { quote } } } }',
    );
    const subgraph = cited.data.neighborhood as {
      nodes: Array<{ name: string }>;
      edges: Array<{ type: string; provenance: Array<{ quote: string }> }>;
    };
    expect(subgraph.nodes.map((node) => node.name)).toContain('Cambodia');
    expect(subgraph.edges.length).toBeGreaterThan(0);
    expect(subgraph.edges.every((edge) => edge.provenance[0]?.quote.length)).toBe(true);
    const alone = await api.gql(
      '{ neighborhood(id: "wg-as-1", depth: 2, types: ["AMENDS"]) { truncated nodes { id } edges { id } } }',
    );
    expect(alone.data.neighborhood).toEqual({ truncated: false, nodes: [{ id: 'wg-as-1' }], edges: [] });
    expect(codeOf(await api.gql('{ neighborhood(id: "no-such-thing") { nodes { id } } }'))).toBe('NOT_FOUND');
  });
});

describe('errors', () => {
  it('codes bad input, unknown ids and over-large pages', async () => {
    expect(codeOf(await api.gql('{ entity(id: "no-such-thing") { id } }'))).toBe('NOT_FOUND');
    expect(codeOf(await api.gql('{ countries(first: 1000) { nodes { id } } }'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await api.gql('{ countries(after: "garbage") { nodes { id } } }'))).toBe('BAD_USER_INPUT');
    expect(
      codeOf(
        await api.gql('{ entity(id: "thailand") { relations(types: ["NOT_A_TYPE"]) { nodes { id } } } }'),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(codeOf(await api.gql('{ meetings(where: { from: "2024-13-45" }) { nodes { id } } }'))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      codeOf(await api.gql('{ shortestPath(from: "thailand", to: "itu", maxHops: 50) { length } }')),
    ).toBe('BAD_USER_INPUT');
    const missing = await api.gql('{ node(id: "no-such-thing") { id } }');
    expect(missing).toMatchObject({ data: { node: null } });
  });

  it('rejects queries that are too deep, too wide or too long with QUERY_TOO_COMPLEX', async () => {
    const deep =
      '{ entity(id: "thailand") { relations { nodes { node { relations { nodes { node { relations { nodes { node { relations { nodes { id } } } } } } } } } } } } }';
    expect(codeOf(await api.gql(deep))).toBe('QUERY_TOO_COMPLEX');
    const aliases = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: entity(id: "itu") { id }`).join(' ')} }`;
    expect(codeOf(await api.gql(aliases))).toBe('QUERY_TOO_COMPLEX');
    const tokens = `{ ${'__typename '.repeat(2500)} }`;
    expect(codeOf(await api.gql(tokens))).toBe('QUERY_TOO_COMPLEX');
  });

  it('answers malformed queries with a GraphQL error, not a crash', async () => {
    const response = await api.app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ entity(id: ' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: Array<{ message: string }> }).errors[0]?.message).toMatch(
      /Syntax Error/,
    );
  });

  it('refuses cross-site GETs', async () => {
    // Body limits are the listener's (src/request-body.ts), tested in test/integration/http.int.test.ts.
    const get = await api.app.fetch('http://test/graphql?query=%7B__typename%7D');
    expect(get.status).toBe(403);
    const withHeader = await api.app.fetch('http://test/graphql?query=%7B__typename%7D', {
      headers: { 'x-graphql-yoga-csrf': '1', accept: 'application/json' },
    });
    expect(await withHeader.json()).toMatchObject({ data: { __typename: 'Query' } });
  });

  it('switches introspection off by configuration', async () => {
    const closed = await apiFixture({ introspection: false });
    try {
      const response = await closed.gql('{ __schema { types { name } } }');
      expect(response.errors?.[0]?.message).toMatch(/introspection/i);
      expect((await api.gql('{ __schema { queryType { name } } }')).data).toEqual({
        __schema: { queryType: { name: 'Query' } },
      });
    } finally {
      await closed.close();
    }
  });
});
