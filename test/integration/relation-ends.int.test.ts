import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, apiFixture } from '../helpers/api.ts';
import { loadResolution } from '../helpers/knowledge-base.ts';

/**
 * A relation end of either allowed type comes back from a typed field (issue 36, point 3): a
 * synthetic note (test/fixtures/country-chair) says Cambodia chaired the 1st WG-AS meeting, while
 * the resolution says a person chaired the 4th ADGMIN.
 */

let api: Awaited<ReturnType<typeof apiFixture>>;

const data = (query: string) => api.data(query);

const chairOf = (id: string) => `{
  entity(id: "${id}") {
    ... on Meeting {
      chair {
        __typename id name
        ... on Country { iso2 chaired { id } }
        ... on Person { organizations { id } }
      }
    }
  }
}`;

beforeAll(async () => {
  api = await apiFixture();
  await loadResolution(api.db, 'country-chair');
});
afterAll(() => api.close());

describe('Meeting.chair', () => {
  it('returns the chairing country, selected as a Country', async () => {
    const { entity } = await data(chairOf('wg-as-1'));
    expect(entity.chair).toMatchObject({ __typename: 'Country', id: 'cambodia', name: 'Cambodia' });
    expect(entity.chair.iso2).toBe('KH');
    expect(entity.chair.chaired.map((m: Answer) => m.id)).toContain('wg-as-1');
  });

  it('still returns a chairing person, selected as a Person', async () => {
    const { entity } = await data(chairOf('adgmin-4'));
    expect(entity.chair).toMatchObject({ __typename: 'Person', id: 'josephine-teo' });
    expect(entity.chair.organizations.length).toBeGreaterThan(0);
  });

  it('keeps answering a selection of the fields every entity has', async () => {
    const { entity } = await data('{ entity(id: "wg-as-1") { ... on Meeting { chair { id name } } } }');
    expect(entity.chair).toEqual({ id: 'cambodia', name: 'Cambodia' });
  });
});

describe('Country.chaired and Country.initiatives', () => {
  it('list what a country chaired and the initiatives it is party to', async () => {
    const { cambodia, thailand } = await data(`{
      cambodia: entity(id: "cambodia") { ... on Country { chaired { id } } }
      thailand: entity(id: "thailand") { ... on Country { initiatives { __typename id } } }
    }`);
    expect(cambodia.chaired.map((m: Answer) => m.id)).toEqual(['wg-as-1']);
    expect(thailand.initiatives).toContainEqual({
      __typename: 'Initiative',
      id: 'trilateral-malaysia-brunei-thailand',
    });
  });
});
