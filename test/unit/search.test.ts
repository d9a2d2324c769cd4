import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findForms, glossaryFor, glossaryOf, harvest, otherForms } from '../../src/search/glossary.ts';
import {
  compareScored,
  explain,
  type Field,
  luceneQuery,
  oneEditApart,
  parseQuery,
  required,
  type Scored,
  score,
} from '../../src/search/rank.ts';
import { words } from '../../src/search/text.ts';

const glossary = glossaryOf([
  ['MOU', 'memorandum of understanding', 'บันทึกความเข้าใจ'],
  ['FDI', 'foreign direct investment'],
  ['data', 'information'],
]);

const texts = (input: string) => words(input).map((word) => word.text);

describe('words', () => {
  it('splits Latin words at anything else and drops possessives', () => {
    expect(texts("ASEAN's Working Group on Anti-Online Scam (WG - AS)")).toEqual([
      'asean',
      'working',
      'group',
      'on',
      'anti',
      'online',
      'scam',
      'wg',
      'as',
    ]);
  });

  it('segments Thai, which has no spaces, into dictionary words', () => {
    expect(texts('ความมั่นคงปลอดภัยไซเบอร์')).toEqual(['ความ', 'มั่นคง', 'ปลอดภัย', 'ไซเบอร์']);
    expect(texts('การประชุม ADGMIN ครั้งที่ 5')).toEqual(['การ', 'ประชุม', 'adgmin', 'ครั้ง', 'ที่', '5']);
  });

  it('stems English as Porter does, and irregular plurals too', () => {
    const stems = words('scams children meetings').map((word) => word.stem);
    expect(stems).toEqual(['scam', 'child', 'meet']);
  });

  it('gives offsets into the text, for marking', () => {
    const [, second] = words('Online  Scams');
    expect(second).toMatchObject({ text: 'scams', start: 8, end: 13 });
  });
});

describe('glossary', () => {
  it('finds every form in a list of words', () => {
    const list = texts('the memorandum of understanding on FDI');
    expect(findForms(glossary, list)).toEqual([
      { entry: 0, start: 1, end: 4 },
      { entry: 1, start: 5, end: 6 },
    ]);
  });

  it('gives the other forms of what a name holds, for the search keys', () => {
    expect(otherForms(glossary, 'MOU between ASEAN and China')).toEqual([
      'memorandum of understanding',
      'บันทึกความเข้าใจ',
    ]);
  });

  it('harvests long forms and acronyms from brackets, in either language', () => {
    const text = [
      'และการจัดตั้งศูนย์ปฏิบัติการแก้ไขปัญหาอาชญากรรมออนไลน์ (Anti Online Scam Operation Center: AOC)',
      'the ASEAN Regional Computer Emergency Response Team (CERT) and',
      'ตามที่กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม (ดศ.) เสนอ',
      'เดิมคณะรัฐมนตรีมีมติ (30 มกราคม 2567) และ (3)',
      'ทวีสิน (นายกรัฐมนตรี)',
    ].join('\n');
    expect(harvest(text)).toEqual([
      ['Anti Online Scam Operation Center', 'AOC'],
      ['ศูนย์ปฏิบัติการแก้ไขปัญหาอาชญากรรมออนไลน์', 'Anti Online Scam Operation Center'],
      ['Computer Emergency Response Team', 'CERT'],
      ['กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', 'ดศ.'],
    ]);
  });

  it('leaves a broken reviewed file out with the reason, and keeps what the sources give', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glossary-'));
    mkdirSync(join(dir, 'sources'));
    writeFileSync(join(dir, 'glossary.yaml'), '- [MOU]\n- just a string\n');
    writeFileSync(join(dir, 'sources', 'x.txt'), 'the Digital Economy Partnership Agreement (DEPA) and');
    const broken = glossaryFor(dir);
    expect(broken.problems).toEqual([
      `${join(dir, 'glossary.yaml')}: every entry must be a list of two or more names, such as [MOU, memorandum of understanding]`,
    ]);
    expect(broken.entries.map((entry) => entry.map((form) => form.text))).toEqual([
      ['Digital Economy Partnership Agreement', 'DEPA'],
    ]);
  });

  it('drops entries with fewer than two distinct forms, and duplicates', () => {
    const entries = glossaryOf([
      ['MOU', 'mou'],
      ['A B', 'C'],
      ['C', 'a  b'],
    ]).entries;
    expect(entries).toEqual([
      [
        { text: 'A B', words: ['a', 'b'] },
        { text: 'C', words: ['c'] },
      ],
    ]);
  });
});

describe('query building', () => {
  it('leaves out stop words of both languages, unless nothing else is left', () => {
    expect(parseQuery('the meeting of ministers', glossary).terms.map((t) => t.text)).toEqual([
      'meeting',
      'ministers',
    ]);
    expect(parseQuery('ของ และ', glossary).terms.map((t) => t.text)).toEqual(['ของ', 'และ']);
  });

  it('asks Lucene for each word, glossary phrases, stems among stems, and in English names a typo and a prefix', () => {
    const parsed = parseQuery('MOU scams', glossary);
    const any = 'mou scams "memorandum of understanding" "บันทึก ความ เข้าใจ" scam';
    expect(luceneQuery(parsed, null)).toBe(
      [
        `searchEn:(${any} scams~1 scams*)`,
        `searchTh:(${any})`,
        'searchStems:(mou scam)',
        `searchAlso:(${any})`,
        `description:(${any})`,
        `descriptionTh:(${any})`,
      ].join(' '),
    );
  });

  it('puts the type filter into the index query', () => {
    const query = luceneQuery(parseQuery('scam', glossary), ['WorkingGroup', 'Topic']);
    expect(query.startsWith('+searchType:(workinggroup topic) +(searchEn:(scam scam*) ')).toBe(true);
  });

  it('reads Lucene syntax, quotes and backslashes as plain words', () => {
    const parsed = parseQuery('title:"x" AND (a* OR b~2) \\ -c', glossary);
    expect(parsed.terms.map((term) => term.text)).toEqual(['title', 'x', 'b', '2', 'c']);
    expect(luceneQuery(parsed, null)).toMatch(/^searchEn:\(title x b 2 c titl title~1\) searchTh:/);
  });

  it('sends Thai as typed too, for Lucene to segment with its own dictionary', () => {
    const parsed = parseQuery('คณะรัฐมนตรี', glossary);
    expect(parsed.terms.map((term) => term.text)).toEqual(['คณะ', 'รัฐมนตรี']);
    expect(luceneQuery(parsed, null)).toMatch(/^searchEn:\(คณะ รัฐมนตรี คณะรัฐมนตรี\) /);
  });

  it('counts a swap of two neighbouring letters as one edit, as Lucene does', () => {
    expect(oneEditApart('cambodai', 'cambodia')).toBe(true);
    expect(oneEditApart('singapor', 'singapore')).toBe(true);
    expect(oneEditApart('malaysa', 'malaysia')).toBe(true);
    expect(oneEditApart('cambodia', 'cambodia')).toBe(false);
    expect(oneEditApart('cmbodai', 'cambodia')).toBe(false);
  });

  it('counts one letter added, dropped or changed anywhere as one edit, and no more', () => {
    for (const [a, b] of [
      ['laos', 'xlaos'],
      ['laos', 'laosx'],
      ['laos', 'lao'],
      ['laos', 'aos'],
      ['laos', 'laox'],
      ['laos', 'xaos'],
      ['laos', 'laso'],
    ]) {
      expect(oneEditApart(a as string, b as string)).toBe(true);
      expect(oneEditApart(b as string, a as string)).toBe(true);
    }
    for (const [a, b] of [
      ['laos', 'la'],
      ['laos', 'xlaosx'],
      ['laos', 'lxox'],
      ['laos', 'olas'],
    ]) {
      expect(oneEditApart(a as string, b as string)).toBe(false);
    }
  });

  it('needs two thirds of the words, and one of one or two', () => {
    expect([1, 2, 3, 4, 5, 6].map(required)).toEqual([1, 1, 2, 3, 4, 4]);
  });
});

describe('scoring', () => {
  const wgAs: Field[] = [
    { field: 'name', text: 'ASEAN Working Group on Anti-Online Scam' },
    { field: 'alias', text: 'WG-AS' },
  ];
  const benefit: Field[] = [
    { field: 'name', text: "Thailand leads ASEAN's cooperation against online scams" },
    { field: 'description', text: 'A benefit the resolution names.' },
  ];
  const rank = (query: string, candidates: Record<string, Field[]>, degrees: Record<string, number> = {}) => {
    const parsed = parseQuery(query, glossary);
    return Object.entries(candidates)
      .map(([id, fields]) => score(parsed, id, fields, degrees[id] ?? 0))
      .filter((hit): hit is Scored<string> => hit !== undefined)
      .sort(compareScored)
      .map((hit) => hit.item);
  };

  it('matches plurals by stem and counts the words matched', () => {
    expect(rank('working group scams', { wgAs, benefit })).toEqual(['wgAs']);
    expect(rank('scam', { benefit, wgAs })).toEqual(['wgAs', 'benefit']);
  });

  it('drops candidates matching fewer than two thirds of the words', () => {
    expect(rank('disaster information exchange', { x: [{ field: 'name', text: 'Exchange rates' }] })).toEqual(
      [],
    );
  });

  it('ranks an exact alias first, then a phrase, whatever the degree', () => {
    const fourth: Field[] = [
      { field: 'name', text: "4th ASEAN Digital Ministers' Meeting" },
      { field: 'alias', text: '4th ADGMIN' },
    ];
    const adgmin: Field[] = [
      { field: 'name', text: "ASEAN Digital Ministers' Meeting" },
      { field: 'alias', text: 'ADGMIN' },
    ];
    expect(rank('ADGMIN', { fourth, adgmin }, { fourth: 40, adgmin: 3 })).toEqual(['adgmin', 'fourth']);
    expect(rank('4th ADGMIN', { fourth, adgmin }, { adgmin: 99 })).toEqual(['fourth', 'adgmin']);
  });

  it('ranks a name typed as written above one with the same words', () => {
    const plus: Field[] = [{ field: 'alias', text: 'ADGMIN+' }];
    const adgmin: Field[] = [{ field: 'alias', text: 'ADGMIN' }];
    expect(rank('ADGMIN', { plus, adgmin }, { plus: 50 })).toEqual(['adgmin', 'plus']);
  });

  it('prefers the name the query covers most', () => {
    const topic: Field[] = [{ field: 'name', text: 'International mobile roaming' }];
    const amendment: Field[] = [
      {
        field: 'name',
        text: 'Joint Media Statement, paragraph 14 – recognises international mobile roaming in ASEAN',
      },
    ];
    expect(rank('mobile roaming', { amendment, topic }, { amendment: 9 })).toEqual(['topic', 'amendment']);
  });

  it('weighs names over descriptions over quotes, then degree', () => {
    const inName: Field[] = [{ field: 'name', text: 'Cloud policy' }];
    const inDescription: Field[] = [{ field: 'description', text: 'A cloud policy' }];
    const inQuote: Field[] = [{ field: 'quote', text: 'cloud policy' }];
    expect(rank('cloud policy', { inQuote, inDescription, inName })).toEqual([
      'inName',
      'inDescription',
      'inQuote',
    ]);
    const a: Field[] = [{ field: 'name', text: 'Cloud' }];
    expect(rank('cloud', { a, b: a }, { a: 1, b: 5 })).toEqual(['b', 'a']);
  });

  it('matches through the glossary in either direction', () => {
    const mou: Field[] = [{ field: 'name', text: 'MOU between ASEAN and China on digital technology' }];
    expect(rank('Memorandum of Understanding ASEAN China', { mou })).toEqual(['mou']);
    const fdi: Field[] = [{ field: 'name', text: 'Assessing FDI inflows into ICT' }];
    expect(rank('foreign direct investment', { fdi })).toEqual(['fdi']);
  });

  it('takes the last word as a prefix and one typo in a long word', () => {
    expect(rank('working gro', { wgAs })).toEqual(['wgAs']);
    expect(rank('wroking group', { wgAs })).toEqual(['wgAs']);
    expect(rank('wrk group meeting', { wgAs })).toEqual([]);
  });

  it('ranks Thai worded differently by the segments it shares', () => {
    const cyber: Field[] = [{ field: 'nameTh', text: 'ความมั่นคงปลอดภัยไซเบอร์' }];
    const economy: Field[] = [{ field: 'nameTh', text: 'ความมั่นคงและปลอดภัยของเศรษฐกิจ' }];
    expect(rank('ความมั่นคงไซเบอร์', { economy, cyber })).toEqual(['cyber', 'economy']);
    expect(rank('ความมั่นคงไซเบอร์ดิจิทัล', { economy, cyber })).toEqual(['cyber']);
  });

  it('shows a glossary form only when no name matched', () => {
    const parsed = parseQuery('memorandum of understanding', glossary);
    const mou = score(
      parsed,
      'mou',
      [
        { field: 'name', text: 'MOU between ASEAN and China' },
        { field: 'also', text: 'memorandum of understanding' },
      ],
      0,
    );
    expect(mou && explain(mou)).toEqual(['name: **MOU** between ASEAN and China']);
  });

  it('says which fields matched, with the matched words marked', () => {
    const parsed = parseQuery('working group scams', glossary);
    const hit = score(parsed, 'wg-as', wgAs, 0);
    expect(hit && explain(hit)).toEqual(['name: ASEAN **Working Group** on Anti-Online **Scam**']);
  });
});
