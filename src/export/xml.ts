import { createCB } from 'xmlbuilder2';
import type { XMLBuilderCB } from 'xmlbuilder2/lib/interfaces.js';

/**
 * An XML writer whose output is taken piece by piece: write an element, `take()` what it made.
 * Escaping and well-formedness are xmlbuilder2's; a character XML cannot carry is replaced.
 */
export function xmlWriter(): { xml: XMLBuilderCB; take: () => string } {
  const chunks: string[] = [];
  const xml = createCB({
    data: (chunk: string) => void chunks.push(chunk),
    prettyPrint: true,
    invalidCharReplacement: '\uFFFD',
  });
  xml.dec({ version: '1.0', encoding: 'UTF-8' });
  return { xml, take: () => chunks.splice(0).join('') };
}
