import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFixture } from '../helpers/api.ts';

// Each schema/examples/NN-name.graphql answers an analyst's question; NN-name.expected.json holds
// the answer, checked by hand against the source text.
const dir = join(import.meta.dirname, '../../schema/examples');
const examples = readdirSync(dir)
  .filter((file) => file.endsWith('.graphql'))
  .sort();

let api: Awaited<ReturnType<typeof apiFixture>>;
beforeAll(async () => {
  api = await apiFixture();
});
afterAll(() => api.close());

describe('example operations', () => {
  it('covers at least 12 questions', () => {
    expect(examples.length).toBeGreaterThanOrEqual(12);
  });

  it.each(examples)('%s gives its expected answer', async (file) => {
    const query = readFileSync(join(dir, file), 'utf8');
    const expected = JSON.parse(
      readFileSync(join(dir, file.replace(/\.graphql$/, '.expected.json')), 'utf8'),
    );
    const response = await api.gql(query);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual(expected);
    // One query per nesting level and root field, never one per row (the deepest example has 3
    // levels under 2 root fields).
    expect(response.extensions?.roundTrips).toBeLessThanOrEqual(6);
  });
});
