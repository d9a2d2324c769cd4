import { describe, expect, it } from 'vitest';
import { isEntityType, isRelationType } from '../../src/model/ontology.ts';
import { type Answer, rankAnswers, steer } from '../../src/search/answers.ts';
import { allCues, readQuestion } from '../../src/search/cues.ts';
import { glossaryOf } from '../../src/search/glossary.ts';
import { type Field, parseQuery, type Scored, score } from '../../src/search/rank.ts';
import { words } from '../../src/search/text.ts';

const glossary = glossaryOf([]);

/** The question a query asks, with the words left to match. */
function asked(input: string) {
  const typed = words(input);
  const question = readQuestion(typed);
  const rest = typed.filter((word) => !question?.cueWords.has(word)).map((word) => word.text);
  return question && { types: question.types, relations: question.relations, rest };
}

describe('reading a question', () => {
  it("names only the ontology's types and relations in its cues", () => {
    const types = allCues.flatMap((cue) => cue.types ?? []);
    const relations = allCues.flatMap((cue) => cue.relations ?? []);
    expect(types.length).toBeGreaterThan(0);
    expect(relations.length).toBeGreaterThan(0);
    expect(types.filter((type) => !isEntityType(type))).toEqual([]);
    expect(relations.filter((relation) => !isRelationType(relation))).toEqual([]);
  });

  it('reads question words and verbs in English, leaving the content words', () => {
    expect(asked('who chaired the meeting in Singapore')).toEqual({
      types: ['Person', 'Country', 'Organization'],
      relations: ['CHAIRED'],
      rest: ['the', 'meeting', 'in', 'singapore'],
    });
    expect(asked('where was the 4th ADGMIN held')).toMatchObject({
      types: ['Country'],
      relations: ['HOSTED_BY'],
      rest: ['the', '4th', 'adgmin'],
    });
  });

  it('reads Thai cues through the same segmentation as the query', () => {
    expect(asked('ใครเป็นประธานการประชุมที่สิงคโปร์')).toEqual({
      types: ['Person', 'Country', 'Organization'],
      relations: ['CHAIRED'],
      rest: ['การ', 'ประชุม', 'ที่', 'สิงคโปร์'],
    });
    // จัดตั้ง (set up) is one cue, not จัด (hold) and a word.
    expect(asked('ใครจัดตั้งศูนย์ปฏิบัติการ')?.relations).toEqual(['ESTABLISHED']);
    expect(asked('ประเทศใดพิจารณาเข้าร่วมความตกลง DEPA')?.relations).toEqual(['CONSIDERING_JOINING']);
  });

  it('takes the noun next to a question word as the answer type: after it in English, before it in Thai', () => {
    expect(asked('which meeting adopted the Singapore Declaration')).toMatchObject({
      types: ['Meeting'],
      relations: ['ADOPTED'],
      rest: ['the', 'singapore', 'declaration'],
    });
    expect(asked('การประชุมใดรับรองปฏิญญาสิงคโปร์')).toMatchObject({
      types: ['Meeting'],
      rest: ['ปฏิญญา', 'สิงคโปร์'],
    });
    // A noun elsewhere names what the question is about, not the answer.
    expect(asked('which country hosted the first meeting')?.types).toEqual(['Country']);
  });

  it('reads no cue in a query without a question word', () => {
    expect(asked('hosting ADGSOM Thailand image')).toBeUndefined();
    expect(asked('ความร่วมมือด้านความมั่นคงปลอดภัยไซเบอร์กับญี่ปุ่น')).toBeUndefined();
  });

  it('leaves the cue words out of the words that must match', () => {
    expect(parseQuery('who chaired the ministers meeting', glossary).terms.map((t) => t.text)).toEqual([
      'ministers',
      'meeting',
    ]);
  });
});

describe('partial matches', () => {
  const ids = (answers: Array<Answer<{ id: string }>>) => answers.map((answer) => answer.item.id);
  const rank = (query: string, candidates: Record<string, Field[]>) => {
    const parsed = parseQuery(query, glossary);
    const scored = Object.entries(candidates)
      .map(([id, fields]) => score(parsed, { id }, fields, 0, 1))
      .filter((hit): hit is Scored<{ id: string }> => hit !== undefined);
    return rankAnswers(parsed, scored);
  };

  it('keeps only the candidates with the words required when any has them', () => {
    const answers = rank('working group scams', {
      wg: [{ field: 'name', text: 'ASEAN Working Group on Anti-Online Scam' }],
      group: [{ field: 'name', text: 'Group photo' }],
    });
    expect(ids(answers)).toEqual(['wg']);
    expect(answers[0]?.partial).toBe(false);
  });

  it('falls back to the best partial matches, rarer words first, and says so', () => {
    const answers = rank('cooperation on cybersecurity with Japan', {
      a: [{ field: 'name', text: 'Digital cooperation' }],
      b: [{ field: 'name', text: 'Cooperation on roaming' }],
      c: [{ field: 'name', text: 'Japan' }],
    });
    expect(ids(answers)).toEqual(['c', 'a', 'b']);
    expect(answers.every((answer) => answer.partial)).toBe(true);
  });
});

describe('steering by a question', () => {
  const answer = (id: string, type: string, score: number): Answer<{ id: string; type: string }> => ({
    item: { id, type },
    score,
    matched: () => [`name: ${id}`],
    partial: false,
  });
  const answers = [answer('meeting', 'Meeting', 3), answer('singapore', 'Country', 2)];
  const chair = { item: { id: 'teo', type: 'Person' }, anchor: 'meeting', relation: 'CHAIRED', degree: 2 };

  it('puts what the relations lead to first, and says how', () => {
    const question = { types: [], relations: ['CHAIRED' as const], cueWords: new Set<never>() };
    const steered = steer(question, answers, [chair]);
    expect(steered.map((hit) => hit.item.id)).toEqual(['teo', 'meeting', 'singapore']);
    expect(steered[0]?.matched()).toEqual(['CHAIRED: meeting']);
    expect(steered[0]?.score).toBeGreaterThan(steered[1]?.score as number);
  });

  it('without a relation, puts answers of the type asked first, direct before linked', () => {
    const question = { types: ['Country' as const], relations: [], cueWords: new Set<never>() };
    const linked = { ...chair, item: { id: 'japan', type: 'Country' }, relation: 'ATTENDED' };
    const steered = steer(question, answers, [linked]);
    expect(steered.map((hit) => hit.item.id)).toEqual(['japan', 'singapore', 'meeting']);
  });
});
