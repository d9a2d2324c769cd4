import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dataDir, readSource } from '../../src/facts/source-files.ts';
import { keyOf } from '../../src/suggest/key.ts';
import type { KnowledgeFiles } from '../../src/suggest/lexicon-files.ts';
import { relationWordsOf } from '../../src/suggest/relations.ts';
import { type Suggestion, suggest } from '../../src/suggest/suggest.ts';

/**
 * Each variant and trap of issue 34, against the entities of the resolution alone (whatever else
 * the run's copy of data/ holds) and the reviewed files (demonyms, not-names, relation words).
 */
const RESOLUTION = 'cabinet-resolution-2024-07-09-adgmin4';
const yaml = (file: string) => parse(readFileSync(join(dataDir, file), 'utf8'));
const { facts } = readSource(RESOLUTION, dataDir);
const data: KnowledgeFiles = {
  entities: facts.entities.map((e) => ({
    id: e.id,
    type: e.type,
    name: String(e.props.name),
    ...(typeof e.props.nameTh === 'string' ? { nameTh: e.props.nameTh } : {}),
    ...(typeof e.props.iso2 === 'string' ? { iso2: e.props.iso2 } : {}),
    aliases: (e.props.aliases as string[] | undefined) ?? [],
  })),
  glossary: yaml('glossary.yaml'),
  demonyms: yaml('demonyms.yaml'),
  notNames: yaml('not-names.yaml'),
  relationWords: relationWordsOf(yaml('relation-words.yaml')),
};

const mentions = (text: string) => suggest(text, data).filter((s) => s.kind === 'mention');
/** Each mention as "words→entity". */
const found = (text: string) => mentions(text).map((m) => `${m.text}→${m.entity}`);

describe('mentions of known entities', () => {
  it('gives offsets into the text as written (UTF-16), the words, the entity, a score and why', () => {
    const text = 'ที่ประชุมมอบหมายให้ADGSOMจัดทำรายงาน';
    const [mention] = mentions(text) as [Suggestion];
    expect(mention).toMatchObject({ kind: 'mention', text: 'ADGSOM', entity: 'adgsom', score: 0.95 });
    expect(text.slice(mention.start, mention.end)).toBe('ADGSOM');
    expect(mention.why).toBe('alias "ADGSOM"');
  });

  it('reads Thai without spaces, and Latin acronyms touching Thai letters', () => {
    expect(found('ประเทศไทยและกัมพูชาได้หารือกับสปป.ลาวเรื่องADGMINครั้งที่ 4')).toEqual([
      'ประเทศไทย→thailand',
      'กัมพูชา→cambodia',
      'สปป.ลาว→laos',
      'ADGMINครั้งที่ 4→adgmin-4',
    ]);
  });

  it('ends Thai names at ICU word boundaries only: in ไทยดีใจ ("Thailand is glad") ไทยดี ends inside ดีใจ', () => {
    expect(found('ไทยดีใจมาก')).toEqual(['ไทย→thailand']);
    expect(found('ประเทศไทยได้')).toEqual(['ประเทศไทย→thailand']);
  });

  it('reads case and plural', () => {
    expect(found('Undersea cables and an undersea cable; SUBMARINE CABLES')).toEqual([
      'Undersea cables→topic-submarine-cables',
      'undersea cable→topic-submarine-cables',
      'SUBMARINE CABLES→topic-submarine-cables',
    ]);
  });

  it('keeps acronyms in capitals: "us" is not the US', () => {
    expect(found('Let us meet the US delegation')).toEqual(['US→united-states']);
  });

  it('reads demonyms and adjectives from data/demonyms.yaml', () => {
    const text = 'the Singaporean minister, Cambodian and Thai officials, the Lao delegation';
    expect(found(text)).toEqual(['Singaporean→singapore', 'Cambodian→cambodia', 'Thai→thailand', 'Lao→laos']);
    expect(mentions(text)[0]?.why).toContain('demonyms.yaml');
  });

  it('reads partial official names', () => {
    const [wg] = mentions('the Working Group on Anti-Online Scam met in March');
    expect(wg).toMatchObject({ text: 'Working Group on Anti-Online Scam', entity: 'wg-as' });
    expect(found('the Ministry of Communications and Information said')).toEqual([
      'Ministry of Communications and Information→sg-mci',
    ]);
    expect(mentions('the Ministry of Communications and Information said')[0]?.why).toContain(
      'without "(Singapore)"',
    );
    expect(found('the 4th ASEAN Digital Ministers’ Meeting')).toEqual([
      '4th ASEAN Digital Ministers’ Meeting→adgmin-4',
    ]);
  });

  it('reads spacing variants', () => {
    expect(found('ADM2025, ADM 2025 and the WG-AS, WG - AS')).toEqual([
      'ADM2025→asean-digital-masterplan-2025',
      'ADM 2025→asean-digital-masterplan-2025',
      'WG-AS→wg-as',
      'WG - AS→wg-as',
    ]);
  });

  it('uses the glossary: another form of a name is a mention of its entity', () => {
    const [mention] = mentions('a People’s Republic of China delegation and the Laos team');
    expect(mention?.entity).toBe('china');
  });

  it('trap: "US$" is money, not the United States', () => {
    expect(found('a grant of US$ 50,000 and US$50,000')).toEqual([]);
  });

  it('trap: "Indian Ocean" is not India (data/not-names.yaml), nor มหาสมุทรอินเดีย', () => {
    expect(found('cables across the Indian Ocean reach India')).toEqual(['India→india']);
    expect(found('สายเคเบิลใต้น้ำในมหาสมุทรอินเดีย')).toEqual(['สายเคเบิลใต้น้ำ→topic-submarine-cables']);
  });

  it('trap: ไทยดี is ThaID, not Thailand', () => {
    expect(found('แอปพลิเคชันไทยดีของไทย')).toEqual(['ไทยดี→thaid', 'ไทย→thailand']);
  });

  it('trap: a longer name wins over the names inside it', () => {
    expect(
      found('the ASEAN Digital Senior Officials’ Meeting and the Ministry of Digital Economy and Society'),
    ).toEqual([
      'ASEAN Digital Senior Officials’ Meeting→adgsom',
      'Ministry of Digital Economy and Society→mdes',
    ]);
    expect(found('กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม')).toEqual(['กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม→mdes']);
  });
});

describe('new-entity candidates', () => {
  const candidates = (text: string) => suggest(text, data).filter((s) => s.kind === 'new-entity');

  it('proposes a bracketed acronym after a known name as its alias', () => {
    const [alias] = candidates('Thailand received support from the ASEAN ICT Fund (AICTF) in 2024.');
    expect(alias).toMatchObject({ text: 'ASEAN ICT Fund (AICTF)', entity: 'asean-ict-fund' });
    expect(alias?.kind === 'new-entity' && alias.proposal).toMatchObject({
      aliasOf: 'asean-ict-fund',
      aliases: ['AICTF'],
    });
  });

  it('proposes a bracketed acronym the graph does not know, with its long form and type', () => {
    const [fresh] = candidates('Members set up the ASEAN Digital Trade Council (ADTC) in 2025.');
    expect(fresh?.kind === 'new-entity' && fresh.proposal).toMatchObject({
      type: 'Organization',
      name: 'ASEAN Digital Trade Council',
      aliases: ['ADTC'],
    });
  });

  it('proposes capitalised English names with a head word, and Thai names starting with a head', () => {
    const english = candidates('They met the Regional Cyber Resilience Task Force on Monday.');
    expect(english.map((c) => [c.text, c.kind === 'new-entity' && c.proposal.type])).toEqual([
      ['Regional Cyber Resilience Task Force', 'WorkingGroup'],
    ]);
    const thai = candidates('ที่ประชุมรับทราบคณะทำงานด้านการพัฒนาทักษะดิจิทัลของภูมิภาค ซึ่งจะประชุมต่อไป');
    expect(thai.map((c) => [c.text, c.kind === 'new-entity' && c.proposal.type])).toEqual([
      ['คณะทำงานด้านการพัฒนาทักษะดิจิทัลของภูมิภาค', 'WorkingGroup'],
    ]);
  });

  it('does not propose what the graph knows', () => {
    expect(candidates('the ASEAN Digital Senior Officials’ Meeting (ADGSOM) met')).toEqual([]);
  });
});

describe('relation candidates', () => {
  const relations = (text: string) =>
    suggest(text, data).flatMap((s) =>
      s.kind === 'relation' ? [s.relation.type, s.relation.from, s.relation.to].join(' ') : [],
    );

  it('reads relation words between two mentions whose types fit, forward and reverse, Thai and English', () => {
    expect(relations('Josephine Teo chaired the 4th ADGMIN.')).toEqual(['CHAIRED josephine-teo adgmin-4']);
    expect(relations('Thailand will host the 5th ADGSOM in January.')).toEqual([
      'HOSTED_BY adgsom-5 thailand',
    ]);
    expect(relations('ประเทศไทยเป็นเจ้าภาพการประชุม ADGSOM ครั้งที่ 5')).toEqual(['HOSTED_BY adgsom-5 thailand']);
  });

  it('scores them below mentions', () => {
    const [relation] = suggest('Josephine Teo chaired the 4th ADGMIN.', data).filter(
      (s) => s.kind === 'relation',
    );
    expect(relation?.score).toBeLessThan(0.5);
  });
});

it('keys Thai digits as ASCII and drops spaces inside Thai', () => {
  expect(keyOf('ครั้งที่ ๔').key).toBe(keyOf('ครั้งที่4').key);
});
