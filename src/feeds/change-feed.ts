import { type ChangeItem, changeTitle } from '../changes/change-item.ts';
import { declaration, element, wrapper } from '../export/xml.ts';

/**
 * The change feeds, `GET /feeds/changes.atom` (RFC 4287) and `GET /feeds/changes.json` (JSON Feed
 * 1.1): the items of `changesSince` (src/services/change-service.ts), newest first, each with its
 * source and quote. Atom is written with the XML writer of the exports (src/export/xml.ts).
 */
export interface FeedInfo {
  title: string;
  /** The feed's own address: its Atom id and `self` link. */
  selfUrl: string;
  /** The explorer, for links to entities. */
  homeUrl: string;
}

export const feedFormats = {
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
} as const;
export type FeedFormat = keyof typeof feedFormats;

export const isFeedFormat = (value: string): value is FeedFormat => Object.hasOwn(feedFormats, value);

/** A URN per item: item ids are made of ids, names and UUIDs, each part escaped. */
const entryId = (item: ChangeItem) =>
  `urn:policy-graph:change:${item.id.split(':').map(encodeURIComponent).join(':')}`;

const entityUrl = (info: FeedInfo, id: string) => `${info.homeUrl}?entity=${encodeURIComponent(id)}`;

/** What the entry says, in words: what happened, where, and the quote. */
function contentOf(item: ChangeItem): string {
  const where = [
    item.release ? `release ${item.release}` : 'a curation write since the last release',
    item.section ? `section ${item.section} of ${item.source}` : item.source,
  ].join('; ');
  const quote = item.quote ? `\n“${item.quote}”` : '';
  const reason = item.reason ? `\nReason: ${item.reason}` : '';
  return `${changeTitle(item)} (${where}).${quote}${reason}`;
}

const text = (value: string) => [{ text: value }];

export function atomFeed(items: readonly ChangeItem[], info: FeedInfo): string {
  const updated = items[0]?.at ?? new Date(0).toISOString();
  const feed = wrapper('feed', { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': 'en' });
  const head = [
    element('id', { text: info.selfUrl }),
    element('title', { text: info.title }),
    element('updated', { text: updated }),
    element('author', { children: { name: text('policy-graph') } }),
    element('link', { attributes: { rel: 'self', type: 'application/atom+xml', href: info.selfUrl } }),
    element('link', { attributes: { rel: 'alternate', type: 'text/html', href: info.homeUrl } }),
  ];
  const entries = items.map((item) =>
    element('entry', {
      children: {
        id: text(entryId(item)),
        title: text(changeTitle(item)),
        updated: text(item.at),
        link: [
          {
            attributes: {
              rel: 'alternate',
              type: 'text/html',
              href: entityUrl(info, item.entities[0] ?? item.fact),
            },
          },
        ],
        category: [
          { attributes: { term: item.kind } },
          ...(item.type ? [{ attributes: { term: item.type } }] : []),
        ],
        content: [{ attributes: { type: 'text' }, text: contentOf(item) }],
      },
    }),
  );
  return `${declaration}${feed.open}${[...head, ...entries].join('\n')}\n${feed.close}`;
}

export function jsonFeed(items: readonly ChangeItem[], info: FeedInfo): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: info.title,
    home_page_url: info.homeUrl,
    feed_url: info.selfUrl,
    language: 'en',
    authors: [{ name: 'policy-graph' }],
    items: items.map((item) => ({
      id: entryId(item),
      url: entityUrl(info, item.entities[0] ?? item.fact),
      title: changeTitle(item),
      content_text: contentOf(item),
      date_published: item.at,
      tags: [item.kind, ...(item.type ? [item.type] : [])],
      // JSON Feed extensions start with an underscore: the item as changesSince gives it.
      _change: item,
    })),
  });
}
