import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { publicAudit } from '../../src/curation/audit-view.ts';
import { zipOf } from '../../src/export/formats.ts';

// The log of one source's curation, oldest first, as src/curation/curator.ts writes it.
const who = { actor: 'curator-a', tokenId: 'token-1', anchor: 'thailand' };
const created = {
  ...who,
  fact: 'src-a',
  source: 'src-a',
  entities: ['src-a'],
  before: null,
  after: 'id: src-a',
};
const added = {
  ...who,
  fact: 'src-a#X:a:b',
  source: 'src-a',
  entities: ['a', 'b'],
  before: null,
  after: '- {x: 1}',
};
const edited = { ...added, before: '- {x: 1}', after: '- {x: 2}' };
const retracted = { ...added, before: '- {x: 2}', after: null };
const kept = {
  ...who,
  fact: 'src-a#Y:a:c',
  source: 'src-a',
  entities: ['a', 'c'],
  before: null,
  after: '- {y: 1}',
};

describe('the audit log without a token', () => {
  it('shows a fact still stated as it reads now, never an older version, and no token', () => {
    const view = publicAudit([created, added, edited, kept]);
    expect(view(kept)).toMatchObject({ fact: kept.fact, entities: ['a', 'c'], after: '- {y: 1}' });
    // The edit's old lines are gone, its new ones are what the graph shows anyway.
    expect(view(added)).toMatchObject({ fact: added.fact, after: null });
    expect(view(edited)).toMatchObject({ before: null, after: '- {x: 2}' });
    for (const event of [created, added, edited, kept])
      expect(view(event)).toMatchObject({ actor: null, tokenId: null, anchor: null, source: 'src-a' });
  });

  it('shows of a retracted fact that it was written and retracted, not what nor about whom', () => {
    const view = publicAudit([created, added, edited, retracted, kept]);
    for (const event of [added, edited, retracted])
      expect(view(event)).toMatchObject({
        fact: null,
        entities: [],
        before: null,
        after: null,
        source: 'src-a',
      });
    expect(view(kept).after).toBe('- {y: 1}');
  });

  it('hides a source whose creation was undone, and leaves a source no event made alone', () => {
    const undone = { ...created, before: created.after, after: null };
    const view = publicAudit([created, undone]);
    expect(view(created)).toMatchObject({ fact: null, source: null, after: null });
    expect(publicAudit([kept])(kept).source).toBe('src-a');
  });
});

describe('a zip export whose reader is gone', () => {
  it('ends the file it was reading, so that its Neo4j session closes', async () => {
    const file = new PassThrough();
    file.write('x'.repeat(1024));
    const zip = zipOf([{ name: 'a.csv', open: () => file }]);
    zip.resume();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(file.destroyed).toBe(false);
    zip.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(file.destroyed).toBe(true);
    expect(Readable.isDisturbed(file)).toBe(true);
  });
});
