import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { entityLines, relationLine } from '../../src/curation/facts-edit.ts';
import { parseFactsYaml, splitTopLevel, stringifyFactsYaml } from '../../src/facts/facts-yaml.ts';
import { dataDir, listSourceIds } from '../../src/facts/source-files.ts';

/** Enough items that the lists are cut into many batches. */
function bigDoc(count = 1500) {
  return {
    source: 'fixture-source',
    entities: Array.from({ length: count }, (_, i) => ({
      id: `fx-${i}`,
      type: 'Country',
      name: `Country ${i}`,
      nameTh: `ประเทศ ${i}`,
      aliases: [`C${i}`, `ค${i}`],
      section: String(i % 7),
      quote: i % 3 ? `line one\nline two of ${i}` : `- looks like an item ${i}`,
    })),
    relations: Array.from({ length: count }, (_, i) => ({ type: 'MEMBER_OF', from: `fx-${i}`, to: 'fx-0' })),
  };
}

function flowRelations(doc: ReturnType<typeof bigDoc>): string {
  const relations = doc.relations.map(
    (relation) => `  - ${stringify(relation, { collectionStyle: 'flow' }).trim()}`,
  );
  return `# a comment\nsource: ${doc.source}\n\nentities:\n${stringify(doc.entities)}relations: # flow, one a line\n${relations.join('\n')}\n`;
}

function errorOf(parser: (text: string) => unknown, text: string): string {
  try {
    parser(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('parseFactsYaml', () => {
  it('reads the real facts files exactly as yaml does', () => {
    for (const id of listSourceIds()) {
      const text = readFileSync(join(dataDir, 'facts', `${id}.yaml`), 'utf8');
      expect(parseFactsYaml(text)).toEqual(parse(text));
    }
  });

  it('reads a large file in batches with the same result: block and flow style, CRLF', () => {
    const doc = bigDoc();
    const text = flowRelations(doc);
    expect(splitTopLevel(text)?.length).toBeGreaterThan(4);
    expect(parseFactsYaml(text)).toEqual(doc);
    expect(parseFactsYaml(text.replaceAll('\n', '\r\n'))).toEqual(parse(text.replaceAll('\n', '\r\n')));
    const block = stringify(doc); // items at column 0
    expect(splitTopLevel(block)?.length).toBeGreaterThan(4);
    expect(parseFactsYaml(block)).toEqual(doc);
  });

  it('names the line of the whole file when an item in a later batch is broken', () => {
    const lines = flowRelations(bigDoc()).split('\n');
    const broken = lines.findLastIndex((line) => line.startsWith('  - {'));
    lines[broken] = (lines[broken] as string).replace('}', '');
    const text = lines.join('\n');
    const message = errorOf(parseFactsYaml, text);
    expect(message).toBe(errorOf(parse, text));
    // yaml names the line where the unclosed map ends: the next one.
    expect(Number(/ at line (\d+),/.exec(message)?.[1])).toBe(broken + 2);
  });

  it('falls back to a whole parse for what batches cannot read alone', () => {
    const doc = bigDoc();
    const withAlias = `${stringify(doc).replace('name: Country 1\n', 'name: &first Country 1\n')}extra: *first\n`;
    expect(parseFactsYaml(withAlias)).toEqual(parse(withAlias));
    const twice = `source: a\nentities:\n  - x\nentities:\n  - y\n`;
    expect(errorOf(parseFactsYaml, twice)).toBe(errorOf(parse, twice));
    for (const text of ['---\nsource: a\n', '- a\n- b\n', '"source": a\n', 'entities:\n  a: 1\n', '']) {
      expect(splitTopLevel(text)).toBeUndefined();
      expect(parseFactsYaml(text)).toEqual(parse(text));
    }
    for (const text of [
      'entities: []\nrelations: [{a: 1}]\n',
      'entities:\n# none\nrelations:\n',
      '# only\n',
    ]) {
      expect(parseFactsYaml(text)).toEqual(parse(text));
    }
    const aliasAcross = stringify(doc).replace('name: Country 1\n', 'name: &a Country 1\n');
    const later = aliasAcross.replace('name: Country 1499\n', 'name: *a\n');
    expect(later).not.toBe(aliasAcross);
    expect(parseFactsYaml(later)).toEqual(parse(later));
  });
});

describe('facts YAML as curation writes it', () => {
  /** Strings that YAML 1.1 readers (PyYAML) choke on, or read as something else, when written plain. */
  const awkward = [
    'tab\tinside',
    '\tleading tab',
    'trailing tab\t',
    'ไทย\tไทย',
    'two lines\nwith a\ttab',
    'two lines\nplain',
    'yes',
    'No',
    'on',
    'y',
    '2024-07-09',
    '0777',
    '1_000',
    '12:30',
    '1e3',
    'next\u0085line',
    'line\u2028separator',
    'paragraph\u2029separator',
    'bell\u0007',
    'delete\u007f',
    'c1\u009f',
    'bom\ufeffinside',
    'nonchar\uffff',
    'lone \ud800 surrogate',
    ' leading space',
    '"quoted"',
    "'single'",
    'back\\slash',
    'emoji 😀',
  ];
  /** Characters a strict YAML 1.1 reader refuses, or takes for line breaks, anywhere in a file. */
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
  const unreadable = /[\t\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|\p{Cs}/u;

  it('quotes and escapes what YAML 1.1 readers choke on, and reads back the same in 1.1 and 1.2', () => {
    const entity = { id: 'fx', type: 'Country', name: 'n', aliases: awkward, section: '5.2', quote: 'a\tb' };
    const relation = {
      type: 'MEMBER_OF',
      from: 'fx',
      to: 'fx-2',
      note: awkward.join(' | '),
      section: '5',
      quote: 'c\td',
    };
    const text = `entities:\n${entityLines(entity)}relations:\n${relationLine(relation)}`;
    // No tab, control character or 1.1 line break is left raw: each is an escape in double quotes.
    expect(text.split('\n').filter((line) => unreadable.test(line))).toEqual([]);
    expect(text).toContain('- "tab\\tinside"');
    expect(text).toContain('- "yes"');
    // A relation stays on its one line, however long its strings.
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^ {2}- \{type: MEMBER_OF, .*\}$/);
    const expected = { entities: [entity], relations: [relation] };
    expect(parse(text, { version: '1.1' })).toEqual(expected);
    expect(parse(text)).toEqual(expected);
    expect(parseFactsYaml(text)).toEqual(expected);
  });

  it('leaves plain what reads the same everywhere', () => {
    const text = stringifyFactsYaml({
      name: 'Thailand',
      nameTh: 'ประเทศไทย',
      aliases: ['TH'],
      year: 2024,
      binding: true,
    });
    expect(text).toBe('name: Thailand\nnameTh: ประเทศไทย\naliases:\n  - TH\nyear: 2024\nbinding: true\n');
  });
});
