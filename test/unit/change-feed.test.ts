import { describe, expect, it } from 'vitest';
import type { ChangeItem } from '../../src/changes/change-item.ts';
import { atomFeed, jsonFeed } from '../../src/feeds/change-feed.ts';
import { atomProblems } from '../helpers/atom-rules.ts';

const item: ChangeItem = {
  id: 'release:r1:thailand:added:src-a',
  kind: 'added',
  at: '2026-12-04T01:31:11.294Z',
  release: 'r1',
  auditEventId: null,
  fact: 'thailand',
  factKind: 'entity',
  type: 'Country',
  entities: ['thailand'],
  source: 'src-a',
  section: '5.2',
  quote: 'ประเทศไทย <&> "quoted"',
  property: null,
  reason: null,
};
const info = {
  title: 'Changes',
  selfUrl: 'http://localhost/feeds/changes.atom',
  homeUrl: 'http://localhost/',
};

describe('the change feeds', () => {
  it('writes Atom that holds to RFC 4287, escaping the quote', () => {
    const xml = atomFeed([item, { ...item, id: `${item.id}:2`, kind: 'conflict', property: 'iso2' }], info);
    expect(atomProblems(xml)).toEqual([]);
    expect(xml).toContain('ประเทศไทย &lt;&amp;&gt;');
  });

  it('finds what breaks the rules: a missing updated, a repeated id, a date without a zone', () => {
    const xml = atomFeed([item, item], info);
    expect(atomProblems(xml)).toContain('entries share an atom:id');
    expect(atomProblems(xml.replace(/<updated>[^<]*<\/updated>/, ''))).toContain(
      'feed: 0 atom:updated, must be 1',
    );
    expect(atomProblems(xml.replaceAll('.294Z', '.294')).join('\n')).toMatch(/not an RFC 3339 date-time/);
  });

  it('writes JSON Feed 1.1 with the item as an extension', () => {
    const feed = JSON.parse(jsonFeed([item], info));
    expect(feed).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', feed_url: info.selfUrl });
    expect(feed.items[0]).toMatchObject({ date_published: item.at, _change: { quote: item.quote } });
  });
});
