import { type Word, words } from './text.ts';

/**
 * What a question asks for (docs/design/search.md, "Questions"): a small bilingual table of cues, read as
 * words the way the query is (Thai segmented by text.ts, English by stem), so "ประเทศใด" and
 * "which countries" need no code of their own.
 * - A question word makes the query a question, and may say what the answer is ("who", "ใคร").
 * - In a question only: a noun next to a question word names the answer's type ("which meeting",
 *   "การประชุมใด"); a verb names the relations that lead from what the rest of the question finds
 *   to the answer ("chaired", "เป็นประธาน"); fillers ("did", "เป็น") are read as stop words.
 */
/**
 * Names of the ontology's entity and relation types (src/model/ontology.ts). Search sits below the
 * model, which builds its search keys with it, so the cues name types as strings;
 * test/unit/search-questions.test.ts checks each one against the ontology.
 */
type EntityType = string;
type RelationType = string;

interface Cue {
  /** Phrases in English and Thai. */
  phrases: string[];
  types?: EntityType[];
  relations?: RelationType[];
}

/** A party: who chairs, signs, proposes. */
const who: EntityType[] = ['Person', 'Country', 'Organization'];

const questionWords: Cue[] = [
  { phrases: ['who', 'whom', 'whose', 'ใคร', 'ผู้ใด'], types: who },
  { phrases: ['where', 'ที่ไหน', 'ที่ใด', 'แห่งใด'], types: ['Country'], relations: ['HOSTED_BY'] },
  { phrases: ['what', 'which', 'when', 'how', 'อะไร', 'ใด', 'ไหน', 'เมื่อไร', 'เมื่อใด', 'อย่างไร'] },
];

/** The answer's type, when next to a question word: after it in English, before it in Thai. */
const answerNouns: Cue[] = [
  { phrases: ['country', 'nation', 'ประเทศ'], types: ['Country'] },
  { phrases: ['person', 'minister', 'บุคคล', 'รัฐมนตรี'], types: ['Person'] },
  {
    phrases: ['organisation', 'organization', 'body', 'ministry', 'agency', 'หน่วยงาน', 'องค์กร', 'กระทรวง'],
    types: ['Organization'],
  },
  { phrases: ['meeting', 'การประชุม', 'ประชุม'], types: ['Meeting'] },
  { phrases: ['working group', 'คณะทำงาน'], types: ['WorkingGroup'] },
  { phrases: ['agreement', 'declaration', 'ความตกลง', 'ปฏิญญา'], types: ['Agreement'] },
  { phrases: ['document', 'report', 'guide', 'เอกสาร', 'เอกสารฉบับ'], types: ['Document'] },
  { phrases: ['work plan', 'แผนงาน', 'แผนการดำเนินการ'], types: ['WorkPlan'] },
  { phrases: ['initiative', 'ข้อริเริ่ม'], types: ['Initiative'] },
  { phrases: ['fund', 'กองทุน'], types: ['Fund'] },
  { phrases: ['project', 'โครงการ'], types: ['Project'] },
  { phrases: ['policy', 'นโยบาย'], types: ['Policy'] },
  { phrases: ['topic', 'issue', 'subject', 'ประเด็น', 'หัวข้อ', 'เรื่อง'], types: ['Topic'] },
];

/** Verbs, longest phrases first where one holds another ("พิจารณาเข้าร่วม" before "เข้าร่วม"). */
const verbs: Cue[] = [
  { phrases: ['chaired', 'chair', 'presided', 'ประธาน', 'เป็นประธาน'], relations: ['CHAIRED'] },
  {
    phrases: ['hosted', 'host', 'held', 'take place', 'took place', 'เจ้าภาพ', 'เป็นเจ้าภาพ', 'จัด', 'จัดขึ้น'],
    relations: ['HOSTED_BY'],
  },
  { phrases: ['signed', 'sign', 'signatory', 'party to', 'ลงนาม', 'ภาคี'], relations: ['PARTY_TO'] },
  {
    phrases: ['considering joining', 'consider joining', 'join', 'พิจารณาเข้าร่วม'],
    relations: ['CONSIDERING_JOINING'],
  },
  { phrases: ['attended', 'attend', 'took part', 'participated', 'เข้าร่วม'], relations: ['ATTENDED'] },
  { phrases: ['proposed', 'propose', 'เสนอ'], relations: ['PROPOSED'] },
  { phrases: ['established', 'set up', 'founded', 'จัดตั้ง', 'ก่อตั้ง'], relations: ['ESTABLISHED'] },
  { phrases: ['adopted', 'adopt', 'รับรอง'], relations: ['ADOPTED'] },
  { phrases: ['approved', 'approve', 'อนุมัติ'], relations: ['APPROVED'] },
  { phrases: ['endorsed', 'endorse', 'เห็นชอบ'], relations: ['ENDORSED'] },
  { phrases: ['funded', 'financed', 'finances', 'pays for', 'paid for'], relations: ['FUNDED_BY'] },
  { phrases: ['discussed', 'discuss', 'หารือ'], relations: ['DISCUSSED'] },
  { phrases: ['received', 'receives', 'benefits', 'ได้รับ'], relations: ['BENEFITS', 'AWARDED_TO'] },
];

/** Words that only make a sentence a question. */
const fillers: Cue[] = [
  {
    phrases: [
      ...'did does do was were will would be been has have had can could'.split(' '),
      ...['เป็น', 'คือ', 'บ้าง', 'หรือไม่', 'ไหม', 'ผู้', 'ขึ้น', 'ให้'],
    ],
  },
];

/** What a question asks: the answer's types and the relations that lead to it. */
export interface Question {
  /** Types the answer may have; empty for any. */
  types: EntityType[];
  /** Relations from the entities the rest of the question finds to the answer; empty for any. */
  relations: RelationType[];
  /** The words that are cues, not content: left out of the words that must match. */
  cueWords: Set<Word>;
}

interface Phrase {
  words: string[];
  cue: Cue;
}

const phrasesOf = (cues: Cue[]): Phrase[] =>
  cues
    .flatMap((cue) => cue.phrases.map((phrase) => ({ words: words(phrase).map((w) => w.stem), cue })))
    .sort((a, b) => b.words.length - a.words.length);

/** Every cue, for the test that holds their types and relations to the ontology. */
export const allCues: readonly Cue[] = [...questionWords, ...answerNouns, ...verbs, ...fillers];

const table = {
  questionWords: phrasesOf(questionWords),
  answerNouns: phrasesOf(answerNouns),
  verbs: phrasesOf(verbs),
  fillers: phrasesOf(fillers),
};

/** The phrase of `phrases` that starts at `start` (by stem, not crossing a used word), if any. */
function phraseAt(list: Word[], start: number, phrases: Phrase[], used: Set<Word>): Phrase | undefined {
  return phrases.find((phrase) =>
    phrase.words.every((stem, offset) => {
      const word = list[start + offset];
      return word !== undefined && !used.has(word) && word.stem === stem;
    }),
  );
}

/** Every non-overlapping occurrence of `phrases` in `list`, longest first, marked used. */
function find(list: Word[], phrases: Phrase[], used: Set<Word>) {
  const found: Array<{ cue: Cue; start: number; end: number }> = [];
  for (let start = 0; start < list.length; start++) {
    const phrase = phraseAt(list, start, phrases, used);
    if (!phrase) continue;
    const end = start + phrase.words.length;
    for (let index = start; index < end; index++) used.add(list[index] as Word);
    found.push({ cue: phrase.cue, start, end });
    start = end - 1;
  }
  return found;
}

/** The answer noun next to a question word: the phrase right after it in English, right before in Thai. */
function nounNextTo(list: Word[], asked: { start: number; end: number }, used: Set<Word>) {
  if (!(list[asked.start] as Word).thai) {
    const phrase = phraseAt(list, asked.end, table.answerNouns, used);
    return phrase && { phrase, start: asked.end };
  }
  for (const phrase of table.answerNouns) {
    const start = asked.start - phrase.words.length;
    if (start >= 0 && phraseAt(list, start, [phrase], used)) return { phrase, start };
  }
  return undefined;
}

/** The question `typed` asks, or undefined when it holds no question word. */
export function readQuestion(typed: Word[]): Question | undefined {
  const used = new Set<Word>();
  const asked = find(typed, table.questionWords, used);
  if (!asked.length) return undefined;
  const types = new Set<EntityType>();
  const nounTypes = new Set<EntityType>();
  const relations = new Set<RelationType>();
  for (const { cue, start, end } of asked) {
    for (const type of cue.types ?? []) types.add(type);
    for (const relation of cue.relations ?? []) relations.add(relation);
    const noun = nounNextTo(typed, { start, end }, used);
    if (!noun) continue;
    for (const word of typed.slice(noun.start, noun.start + noun.phrase.words.length)) used.add(word);
    for (const type of noun.phrase.cue.types ?? []) nounTypes.add(type);
  }
  const verbsFound = find(typed, table.verbs, used);
  // A verb says more than "where": "where was it signed" asks for the signatory.
  if (verbsFound.length) relations.clear();
  for (const { cue } of verbsFound) for (const relation of cue.relations ?? []) relations.add(relation);
  find(typed, table.fillers, used);
  return {
    types: [...(nounTypes.size ? nounTypes : types)],
    relations: [...relations],
    cueWords: used,
  };
}
