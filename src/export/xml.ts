import { XMLBuilder } from 'fast-xml-parser';

/**
 * XML for the graph formats, one element at a time: fast-xml-parser's builder writes each element
 * (escaping is its own), and the exporters stream them, a record per line. A character XML 1.0
 * cannot carry (a control character, a lone surrogate) is replaced with U+FFFD.
 */
export interface XmlElement {
  /** Attributes; an undefined one is left out. */
  attributes?: Record<string, string | undefined>;
  text?: string;
  children?: Record<string, XmlElement[]>;
}

// A "true" attribute keeps its value: XML has no bare attributes.
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  suppressBooleanAttributes: false,
  suppressEmptyNode: true,
});

const invalid = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const clean = (text: string) => text.replace(invalid, '\uFFFD');

type Tree = Record<string, unknown>;

function tree({ attributes = {}, text, children = {} }: XmlElement): Tree {
  const out: Tree = {};
  for (const [name, value] of Object.entries(attributes))
    if (value !== undefined) out[`@${name}`] = clean(value);
  if (text !== undefined) out['#text'] = clean(text);
  for (const [name, elements] of Object.entries(children)) out[name] = elements.map(tree);
  return out;
}

/** One element and what it holds, as XML. */
export const element = (name: string, content: XmlElement = {}): string =>
  builder.build({ [name]: tree(content) });

export const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** The start and end tags of an element whose content is streamed between them. */
export function wrapper(
  name: string,
  attributes: XmlElement['attributes'] = {},
): { open: string; close: string } {
  const marker = '\u0000';
  const [open = '', close = ''] = builder
    .build({ [name]: { ...tree({ attributes }), '#text': marker } })
    .split(marker);
  return { open: `${open}\n`, close: `${close}\n` };
}
