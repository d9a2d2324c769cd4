import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFixture } from '../helpers/api.ts';

// The examples of issue 14, against the Cabinet resolution of 9 July 2024 (data/).
let api: Awaited<ReturnType<typeof apiFixture>>;

beforeAll(async () => {
  api = await apiFixture();
});
afterAll(() => api.close());

interface Hit {
  score: number;
  matched: string[];
  entity: { id: string };
}

async function search(query: string, types?: string[], first = 5): Promise<Hit[]> {
  const response = await api.gql(
    'query ($q: String!, $t: [String!], $n: Int) { search(query: $q, types: $t, first: $n) { score matched entity { id } } }',
    { q: query, t: types, n: first },
  );
  expect(response.errors).toBeUndefined();
  return response.data.search as Hit[];
}

const ids = async (query: string, types?: string[], first = 5) =>
  (await search(query, types, first)).map((hit) => hit.entity.id);

describe('ranked search', () => {
  it('finds what most of the words name, not only what all of them do', async () => {
    const disaster = await ids('disaster information exchange');
    expect(disaster.slice(0, 2).sort()).toEqual(['doc-disaster-data-standard', 'topic-disaster-data']);
    const fdi = await ids('foreign direct investment');
    expect(fdi).toContain('topic-ict-investment');
    expect(fdi).toContain('doc-ict-fdi-assessment');
    expect((await ids('Memorandum of Understanding ASEAN China'))[0]).toBe('mou-asean-china-digital');
  });

  it('answers "data governance" with the entities that name either', async () => {
    const hits = await search('data governance');
    expect(hits.map((hit) => hit.entity.id)).toContain('topic-ai-governance');
    for (const hit of hits) expect(hit.matched.join(' ')).toMatch(/\*\*(data|governance|ข้อมูล)\*\*/iu);
  });

  it('matches plurals by their stem and ranks the working group first', async () => {
    expect((await ids('working group scams'))[0]).toBe('wg-as');
    expect(await ids('scams')).toContain('topic-online-scams');
    const scam = await ids('scam', undefined, 10);
    expect(scam).toContain('wg-as');
    expect(scam.indexOf('wg-as')).toBeLessThan(scam.indexOf('benefit-leading-role-anti-scam'));
  });

  it('puts an acronym typed exactly first', async () => {
    const adgmin = await ids('ADGMIN');
    expect(adgmin[0]).toBe('adgmin');
    expect(adgmin).toContain('adgmin-4');
    expect((await ids('4th ADGMIN'))[0]).toBe('adgmin-4');
  });

  it('finds Thai worded differently, and Thai mixed with English', async () => {
    expect((await ids('ความมั่นคงไซเบอร์'))[0]).toBe('topic-cybersecurity');
    expect((await ids('คณะรัฐมนตรี'))[0]).toBe('thai-cabinet');
    expect((await ids('ประชุม ADGMIN ครั้งที่ 5'))[0]).toBe('adgmin-5');
    expect((await ids('นายกรัฐมนตรี เศรษฐา'))[0]).toBe('srettha-thavisin');
  });

  it('forgives one typo in a long word and reads the last word as a prefix', async () => {
    expect((await ids('Cambodai'))[0]).toBe('cambodia');
    expect((await ids('working group anti-onl'))[0]).toBe('wg-as');
  });

  it('says why each hit matched, matched words marked', async () => {
    const [wgAs] = await search('working group scams');
    expect(wgAs?.matched[0]).toBe('name: ASEAN **Working Group** on Anti-Online **Scam**');
    const [fdi] = await search('FDI', ['Document']);
    expect(fdi?.entity.id).toBe('doc-ict-fdi-assessment');
    expect(fdi?.matched[0]).toContain('**FDI**');
  });

  it('filters by type inside the index query, so a rare type is not crowded out', async () => {
    expect(await ids('ASEAN', ['Fund'])).toEqual(['asean-ict-fund']);
    expect(await ids('scam', ['WorkingGroup'])).toEqual(['wg-as', 'wg-thailand-cambodia-scam']);
  });

  it('answers the longest query it accepts, however many typos it could expand to', async () => {
    const long = Array.from({ length: 28 }, (_, i) => `digit${String.fromCharCode(97 + (i % 26))}`).join(' ');
    expect(long.length).toBeLessThanOrEqual(200);
    const response = await api.gql('query ($q: String!) { search(query: $q) { entity { id } } }', {
      q: long,
    });
    expect(response.errors).toBeUndefined();
    expect(Array.isArray(response.data.search)).toBe(true);
  });

  it('applies the glossary when it writes the search keys', async () => {
    const [row] = await api.db.read(
      { name: 'test.searchAlso', cypher: 'MATCH (n:Entity {id: $id}) RETURN n.searchAlso AS also' },
      { id: 'mou-asean-china-digital' },
    );
    expect(String(row?.also).split('\n')).toContain('memorandum of understanding');
  });
});
