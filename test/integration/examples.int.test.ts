import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFixture } from '../helpers/api.ts';
import { loadResolution } from '../helpers/knowledge-base.ts';

// Each schema/examples/NN-name.graphql answers an analyst's question; NN-name.expected.json holds
// the answer, checked by hand against the source text.
const dir = join(import.meta.dirname, '../../schema/examples');
const examples = readdirSync(dir)
  .filter((file) => file.endsWith('.graphql'))
  .sort();

async function expectAnswer(api: Awaited<ReturnType<typeof apiFixture>>, file: string) {
  const query = readFileSync(join(dir, file), 'utf8');
  const expected = JSON.parse(readFileSync(join(dir, file.replace(/\.graphql$/, '.expected.json')), 'utf8'));
  const response = await api.gql(query);
  expect(response.errors).toBeUndefined();
  expect(response.data).toEqual(expected);
  return response;
}

describe('example operations', () => {
  let api: Awaited<ReturnType<typeof apiFixture>>;
  beforeAll(async () => {
    api = await apiFixture();
  });
  afterAll(() => api.close());

  it('covers at least 12 questions', () => {
    expect(examples.length).toBeGreaterThanOrEqual(12);
  });

  it.each(examples)('%s gives its expected answer', async (file) => {
    const response = await expectAnswer(api, file);
    // One query per nesting level and root field, never one per row (the deepest example has 3
    // levels under 2 root fields).
    expect(response.extensions?.roundTrips).toBeLessThanOrEqual(6);
  });
});

// A second source that names Thailand and Cambodia (test/fixtures/kb-overlap, synthetic) joins
// the resolution; no answer about the resolution's facts may change.
describe('example operations, with another source loaded', () => {
  let api: Awaited<ReturnType<typeof apiFixture>>;
  beforeAll(async () => {
    api = await apiFixture();
    await loadResolution(api.db, 'kb-overlap');
  });
  afterAll(() => api.close());

  it('has the fixture source loaded', async () => {
    const { data } = await api.gql('{ entity(id: "thailand") { nameTh aliases sources { id } } }');
    expect(data).toMatchObject({ entity: { nameTh: 'ประเทศไทย', aliases: expect.arrayContaining(['ไทย']) } });
    const sources = (data.entity as { sources: Array<{ id: string }> }).sources.map((s) => s.id);
    expect(sources).toContain('synthetic-kb-overlap');
  });

  it.each(examples)('%s still gives its expected answer', async (file) => {
    await expectAnswer(api, file);
  });
});
