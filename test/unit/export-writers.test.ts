import neo4j from 'neo4j-driver';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { literal } from '../../src/export/cypher.ts';
import { entityFields, graphColumns, withDoubles } from '../../src/export/fields.ts';
import { element, wrapper } from '../../src/export/xml.ts';

/** The attributes and text of an element, read back by a real XML parser. */
function readBack(xml: string) {
  const parser = new SaxesParser();
  const out: { attributes: Record<string, string>; text: string } = { attributes: {}, text: '' };
  parser.on('opentag', (tag) => Object.assign(out.attributes, tag.attributes));
  parser.on('text', (chunk) => {
    out.text += chunk;
  });
  parser.write(xml).close();
  return out;
}

describe('the XML writer', () => {
  it('escapes markup, keeps "true" as a value and replaces what XML cannot carry', () => {
    const xml = element('data', {
      attributes: { key: 'a&"<>\'', flag: 'true', gone: undefined },
      text: 'x & <y> ]]> \u0001 \uD800 ไทย 😀',
    });
    expect(readBack(xml)).toEqual({
      attributes: { key: 'a&"<>\'', flag: 'true' },
      text: 'x & <y> ]]> \uFFFD \uFFFD ไทย 😀',
    });
  });

  it('gives the tags around streamed content', () => {
    const { open, close } = wrapper('graph', { id: 'g&1' });
    expect(readBack(`${open}${element('node', { attributes: { id: 'n' } })}${close}`).attributes).toEqual({
      id: 'n',
    });
    expect(open).toBe('<graph id="g&amp;1">\n');
    expect(close).toBe('</graph>\n');
  });
});

describe('Cypher literals', () => {
  it('writes strings on one line, escaped', () => {
    expect(literal("it's \\ a\nline\t\u0001")).toBe("'it\\'s \\\\ a\\nline\\t\\u0001'");
  });

  it('keeps each value its Neo4j type', () => {
    expect(literal(1)).toBe('1.0'); // a float from the driver stays a float
    expect(literal(0.25)).toBe('0.25');
    expect(literal(1e21)).toBe('1e21');
    expect(literal(neo4j.int('9007199254740993'))).toBe('9007199254740993');
    expect(literal([true, null])).toBe('[true, null]');
    expect(literal(new neo4j.types.Date(2024, 7, 9))).toBe("date('2024-07-09')");
    expect(literal({ 'odd key': 'x' })).toBe("{`odd key`: 'x'}");
    expect(literal(Number.NaN)).toBe("toFloat('NaN')");
  });
});

describe('the columns of GraphML and GEXF', () => {
  it('follow each decimal with its double, and fill it only where the decimal is given', () => {
    const names = graphColumns(entityFields).map(({ name, kind }) => `${name}:${kind}`);
    expect(names).toContain('amount:decimal');
    expect(names[names.indexOf('amount:decimal') + 1]).toBe('amountDouble:double');
    expect(names.filter((name) => name.endsWith(':double'))).toEqual([
      'contributionsDouble:double',
      'amountDouble:double',
    ]);
    expect(withDoubles(entityFields, { amount: '602444.70', year: 2024, contributions: '' })).toEqual({
      amount: '602444.70',
      amountDouble: 602444.7,
      year: 2024,
      contributions: '',
    });
  });
});
