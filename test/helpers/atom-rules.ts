import { parseAtomFeed } from 'feedsmith';
import { SaxesParser } from 'saxes';

/**
 * An Atom document held to the rules of RFC 4287 that a feed of ours can break: it is read with
 * saxes (well-formed, namespaces resolved) into elements, and each MUST of sections 4.1.1–4.2 that
 * applies is checked; then feedsmith, a kept feed parser, must read it with the same entries.
 * Returns the problems; none for a valid feed.
 */
const ATOM = 'http://www.w3.org/2005/Atom';

interface Node {
  uri: string;
  name: string;
  attributes: Record<string, string>;
  children: Node[];
  text: string;
}

function tree(xml: string): Node {
  const parser = new SaxesParser({ xmlns: true });
  const stack: Node[] = [];
  let root: Node | undefined;
  parser.on('opentag', (tag) => {
    const attributes = Object.fromEntries(Object.values(tag.attributes).map((a) => [a.local, a.value]));
    const node: Node = { uri: tag.uri ?? '', name: tag.local ?? '', attributes, children: [], text: '' };
    stack.at(-1)?.children.push(node);
    stack.push(node);
    root ??= node;
  });
  parser.on('text', (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on('closetag', () => stack.pop());
  parser.write(xml).close();
  if (!root) throw new Error('no root element');
  return root;
}

// RFC 3339 date-time (RFC 4287 3.3), with a zone.
const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const iri = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

function common(node: Node, where: string, problems: string[]): void {
  const atom = (name: string) => node.children.filter((c) => c.uri === ATOM && c.name === name);
  for (const name of ['id', 'title', 'updated'])
    if (atom(name).length !== 1) problems.push(`${where}: ${atom(name).length} atom:${name}, must be 1`);
  const id = atom('id')[0]?.text.trim() ?? '';
  if (!iri.test(id)) problems.push(`${where}: atom:id "${id}" is not an absolute IRI`);
  const updated = atom('updated')[0]?.text.trim() ?? '';
  if (!dateTime.test(updated))
    problems.push(`${where}: atom:updated "${updated}" is not an RFC 3339 date-time`);
  for (const link of atom('link'))
    if (!link.attributes.href) problems.push(`${where}: atom:link without href`);
  const alternates = atom('link').filter((l) => (l.attributes.rel ?? 'alternate') === 'alternate');
  const keys = alternates.map((l) => `${l.attributes.type ?? ''}|${l.attributes.hreflang ?? ''}`);
  if (new Set(keys).size !== keys.length)
    problems.push(`${where}: two alternate links of one type and language`);
  for (const author of atom('author'))
    if (author.children.filter((c) => c.uri === ATOM && c.name === 'name').length !== 1)
      problems.push(`${where}: atom:author without one atom:name`);
  for (const category of atom('category'))
    if (!category.attributes.term) problems.push(`${where}: atom:category without term`);
}

export function atomProblems(xml: string): string[] {
  const problems: string[] = [];
  const feed = tree(xml);
  if (feed.uri !== ATOM || feed.name !== 'feed') return [`root is {${feed.uri}}${feed.name}, not atom:feed`];
  common(feed, 'feed', problems);
  const entries = feed.children.filter((c) => c.uri === ATOM && c.name === 'entry');
  const hasAuthor = (node: Node) => node.children.some((c) => c.uri === ATOM && c.name === 'author');
  if (!hasAuthor(feed) && !entries.every(hasAuthor))
    problems.push('feed: no atom:author, nor in every entry');
  if (!feed.children.some((c) => c.name === 'link' && c.attributes.rel === 'self'))
    problems.push('feed: no link rel="self" (a SHOULD, required here)');
  entries.forEach((entry, index) => {
    const where = `entry ${index + 1}`;
    common(entry, where, problems);
    const contents = entry.children.filter((c) => c.uri === ATOM && c.name === 'content');
    const alternate = entry.children.some(
      (c) => c.name === 'link' && (c.attributes.rel ?? 'alternate') === 'alternate',
    );
    if (contents.length > 1) problems.push(`${where}: more than one atom:content`);
    if (!contents.length && !alternate) problems.push(`${where}: neither atom:content nor an alternate link`);
    for (const content of contents)
      if ((content.attributes.type ?? 'text') === 'text' && content.children.length)
        problems.push(`${where}: text content with child elements`);
  });
  const ids = entries.map((e) => e.children.find((c) => c.name === 'id')?.text);
  if (new Set(ids).size !== ids.length) problems.push('entries share an atom:id');
  const parsed = parseAtomFeed(xml);
  if ((parsed.entries?.length ?? 0) !== entries.length)
    problems.push(`feedsmith reads ${parsed.entries?.length ?? 0} entries, not ${entries.length}`);
  return problems;
}
