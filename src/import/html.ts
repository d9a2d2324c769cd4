import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { paragraphs } from './docx.ts';

/** Elements that end a line of text: a paragraph, a heading, an item, a row, a break. */
const block = new Set(
  'ADDRESS ARTICLE ASIDE BLOCKQUOTE BR DD DIV DL DT FIGCAPTION FIGURE FOOTER H1 H2 H3 H4 H5 H6 HEADER HR LI MAIN NAV OL P PRE SECTION TABLE TBODY TD TH THEAD TR UL'.split(
    ' ',
  ),
);

export interface HtmlText {
  title: string | null;
  text: string;
}

/**
 * The main text of a web page, as Firefox's reader view finds it (@mozilla/readability on a
 * linkedom DOM): the article, without navigation, scripts, footers or ads. A page Readability
 * cannot make out gives its whole body instead, scripts and styles left out.
 */
export function readHtml(html: string): HtmlText {
  const { document } = parseHTML(html);
  const title = document.querySelector('title')?.textContent?.trim() || null;
  const article = new Readability(document.cloneNode(true) as unknown as Document, {
    charThreshold: 100,
  }).parse();
  const root = article?.content
    ? parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document.body
    : document.body;
  for (const skipped of root?.querySelectorAll('script, style, noscript, template') ?? []) skipped.remove();
  const lines: string[] = [''];
  const walk = (node: Node) => {
    if (node.nodeType === 3) lines[lines.length - 1] += node.textContent ?? '';
    if (node.nodeType !== 1) return;
    const isBlock = block.has((node as Element).tagName);
    if (isBlock) lines.push('');
    for (const child of node.childNodes) walk(child);
    if (isBlock) lines.push('');
  };
  if (root) walk(root as unknown as Node);
  const text = paragraphs(lines.map((line) => line.replace(/\s+/gu, ' ')));
  const headline = article?.title?.trim() || title;
  // Readability takes the headline out of the article; it is text a reader may quote.
  return { title: headline, text: headline && !text.startsWith(headline) ? `${headline}\n${text}` : text };
}

/** The page's bytes as text: its declared charset (TIS-620 and windows-874 pages exist), else UTF-8. */
export function decodeHtml(bytes: Buffer): string {
  const head = bytes.subarray(0, 4096).toString('latin1');
  const declared = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
