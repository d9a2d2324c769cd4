import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFixture } from '../helpers/api.ts';

// Sentence questions (issue 36), against the Cabinet resolution of 9 July 2024 alone: Josephine Teo
// chaired the 4th ADGMIN in Singapore, Srettha Thavisin the Cabinet meeting of 9 July 2024;
// Thailand hosts the 5th ADGMIN; ASEAN and China are parties to their MOU.
let api: Awaited<ReturnType<typeof apiFixture>>;

beforeAll(async () => {
  api = await apiFixture();
});
afterAll(() => api.close());

interface Hit {
  matched: string[];
  partial: boolean;
  entity: { id: string };
}

async function search(query: string, types?: string[]): Promise<Hit[]> {
  const response = await api.gql(
    'query ($q: String!, $t: [String!]) { search(query: $q, types: $t, first: 5) { matched partial entity { id } } }',
    { q: query, t: types },
  );
  expect(response.errors).toBeUndefined();
  return response.data.search as Hit[];
}

const ids = async (query: string, types?: string[]) =>
  (await search(query, types)).map((hit) => hit.entity.id);

describe('partial matches', () => {
  it('answers a sentence most of whose words match nothing with the best partial matches, said so', async () => {
    const hits = await search('ความร่วมมือด้านความมั่นคงปลอดภัยไซเบอร์กับญี่ปุ่น');
    expect(hits[0]?.entity.id).toBe('topic-cybersecurity');
    expect(hits.map((hit) => hit.entity.id)).toContain('workplan-asean-japan-2024');
    expect(hits.every((hit) => hit.partial)).toBe(true);
    const english = await search('cooperation on cybersecurity with Japan');
    expect(english.map((hit) => hit.entity.id).slice(0, 2)).toEqual(['topic-cybersecurity', 'japan']);
    expect(english.every((hit) => hit.partial)).toBe(true);
  });

  it('does not say partial when enough words match', async () => {
    const hits = await search('working group scams');
    expect(hits[0]?.entity.id).toBe('wg-as');
    expect(hits.some((hit) => hit.partial)).toBe(false);
  });
});

describe('questions', () => {
  it('answers "who chaired" with the chair of the meeting the rest of the question finds', async () => {
    const [first] = await search('who chaired the meeting in Singapore');
    expect(first?.entity.id).toBe('josephine-teo');
    expect(first?.matched[0]).toMatch(/^CHAIRED: 4th ASEAN Digital Ministers' \*\*Meeting\*\*/u);
    // The ministers' meeting, not the Cabinet's: Srettha Thavisin chaired the Cabinet meeting.
    const ministers = await ids('who chaired the ministers meeting');
    expect(ministers[0]).toBe('josephine-teo');
    expect(ministers.indexOf('josephine-teo')).toBeLessThan(ministers.indexOf('srettha-thavisin'));
    expect((await ids('who chaired the Cabinet meeting of 9 July 2024'))[0]).toBe('srettha-thavisin');
    expect((await ids('ใครเป็นประธานการประชุมที่สิงคโปร์'))[0]).toBe('josephine-teo');
  });

  it('answers "where" and "which country hosted" with the host country', async () => {
    expect((await ids('where was the 4th ADGMIN held'))[0]).toBe('singapore');
    expect((await ids('ประเทศใดเป็นเจ้าภาพการประชุม ADGMIN ครั้งที่ 5'))[0]).toBe('thailand');
    expect((await ids('การประชุม ADGMIN ครั้งที่ 4 จัดขึ้นที่ไหน'))[0]).toBe('singapore');
  });

  it('answers "who signed" with the parties, and a typed answer with its type', async () => {
    expect((await ids('who signed the MOU between ASEAN and China')).slice(0, 2).sort()).toEqual([
      'asean',
      'china',
    ]);
    expect((await ids('ใครลงนามบันทึกความเข้าใจระหว่างอาเซียนและจีน')).slice(0, 2).sort()).toEqual([
      'asean',
      'china',
    ]);
    expect((await ids('which meeting adopted the Singapore Declaration'))[0]).toBe('adgmin-4');
    expect((await ids('which organisation attended the ADGMIN with dialogue partners'))[0]).toBe('itu');
  });

  it('keeps its answers to the types asked for, not what the rest of the question finds', async () => {
    expect((await ids('who signed the MOU between ASEAN and China', ['Country']))[0]).toBe('china');
    const people = await ids('who chaired the meeting in Singapore', ['Person']);
    expect(people[0]).toBe('josephine-teo');
    expect(people).toEqual(expect.arrayContaining(['josephine-teo', 'srettha-thavisin']));
    expect(people.every((id) => ['josephine-teo', 'srettha-thavisin'].includes(id))).toBe(true);
  });

  it('reads no question into keywords', async () => {
    expect((await ids('hosting ADGSOM Thailand image'))[0]).toBe('benefit-hosting-adgsom-5');
  });
});
