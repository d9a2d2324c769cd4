import { describe, expect, it } from 'vitest';
import {
  acronymOf,
  type NameSet,
  normalizeName,
  rankMatches,
  scoreMatch,
} from '../../src/services/match-service.ts';

// Entities as data/facts/cabinet-resolution-2024-07-09-adgmin4.yaml gives them.
const thailand: NameSet = {
  id: 'thailand',
  type: 'Country',
  name: 'Thailand',
  nameTh: 'ประเทศไทย',
  aliases: ['ไทย', 'Kingdom of Thailand', 'TH'],
};
const cambodia: NameSet = {
  id: 'cambodia',
  type: 'Country',
  name: 'Cambodia',
  nameTh: 'กัมพูชา',
  aliases: ['Kingdom of Cambodia', 'KH'],
};
const malaysia: NameSet = {
  id: 'malaysia',
  type: 'Country',
  name: 'Malaysia',
  nameTh: 'มาเลเซีย',
  aliases: ['MY'],
};
const asean: NameSet = {
  id: 'asean',
  type: 'Organization',
  name: 'Association of Southeast Asian Nations',
  nameTh: 'สมาคมประชาชาติแห่งเอเชียตะวันออกเฉียงใต้',
  aliases: ['อาเซียน', 'ASEAN'],
};
const adgmin: NameSet = {
  id: 'adgmin',
  type: 'Organization',
  name: "ASEAN Digital Ministers' Meeting",
  nameTh: 'การประชุมรัฐมนตรีอาเซียนด้านดิจิทัล',
  aliases: ['ADGMIN', 'ประชุมรัฐมนตรีอาเซียนด้านดิจิทัล'],
};
const adgsom: NameSet = {
  id: 'adgsom',
  type: 'Organization',
  name: "ASEAN Digital Senior Officials' Meeting",
  nameTh: 'การประชุมเจ้าหน้าที่อาวุโสอาเซียนด้านดิจิทัล',
  aliases: ['ADGSOM'],
};
const itu: NameSet = {
  id: 'itu',
  type: 'Organization',
  name: 'International Telecommunication Union',
  nameTh: 'สหภาพโทรคมนาคมระหว่างประเทศ',
  aliases: ['ITU'],
};
const ictFund: NameSet = {
  id: 'asean-ict-fund',
  type: 'Fund',
  name: 'ASEAN ICT Fund',
  nameTh: 'กองทุนไอซีทีอาเซียน',
  aliases: ['กองทุน ASEAN ICT Fund'],
};
const ictFundApproval: NameSet = {
  id: 'ict-fund-approval-2024',
  type: 'FundApproval',
  name: 'ASEAN ICT Fund approval for 2024',
  nameTh: 'การอนุมัติงบประมาณจากกองทุน ASEAN ICT Fund ประจำปี 2567',
};
const graph = [thailand, cambodia, malaysia, asean, adgmin, adgsom, itu, ictFund, ictFundApproval];

const ids = (matches: ReturnType<typeof rankMatches>) => matches.map((match) => match.candidate.id);

describe('normalizeName', () => {
  it('lower-cases, drops quotes and dots, turns other punctuation into single spaces', () => {
    expect(normalizeName('  The “European”  Union ')).toBe('european union');
    expect(normalizeName("ASEAN Digital Ministers' Meeting")).toBe('asean digital ministers meeting');
    expect(normalizeName('Ministry of Communications and Information (Singapore)')).toBe(
      'ministry of communications and information singapore',
    );
    expect(normalizeName('Anti-Online Scam')).toBe('anti online scam');
    expect(normalizeName('Trade & Industry')).toBe('trade and industry');
    expect(normalizeName('U.S.')).toBe('us');
    expect(normalizeName('สปป.ลาว')).toBe('สปปลาว');
  });

  it('drops a leading "the" and ประเทศ, but no other prefix, and never the whole label', () => {
    expect(normalizeName('ประเทศไทย')).toBe('ไทย');
    expect(normalizeName('ประเทศ ไทย')).toBe('ไทย');
    expect(normalizeName('สาธารณรัฐสิงคโปร์')).toBe('สาธารณรัฐสิงคโปร์');
    // "International" ends in ประเทศ: only a leading one goes.
    expect(normalizeName('สหภาพโทรคมนาคมระหว่างประเทศ')).toBe('สหภาพโทรคมนาคมระหว่างประเทศ');
    expect(normalizeName('Theatre Council')).toBe('theatre council');
    expect(normalizeName('ประเทศ')).toBe('ประเทศ');
    expect(normalizeName('The')).toBe('the');
  });

  it('gives one form to text that looks the same but is spelled differently', () => {
    expect(normalizeName('Cafe\u0301')).toBe(normalizeName('Café'));
    expect(normalizeName('กระทรวงการคลัง'.replace('\u0e33', '\u0e4d\u0e32'))).toBe('กระทรวงการคลัง');
    expect(normalizeName('ทำเนียบ'.replace('\u0e33', '\u0e4d\u0e32'))).toBe('ทำเนียบ');
    expect(normalizeName('ประชุม\u200bรัฐมนตรี')).toBe('ประชุมรัฐมนตรี');
  });
});

describe('acronymOf', () => {
  it('takes the initials of the significant words', () => {
    expect(acronymOf('International Telecommunication Union')).toBe('itu');
    expect(acronymOf('Ministry of Digital Economy and Society')).toBe('mdes');
    expect(acronymOf("ASEAN Telecommunication Regulators' Council")).toBe('atrc');
    expect(acronymOf("People's Republic of China")).toBe('prc');
    expect(acronymOf('Ministry of Communications and Information (Singapore)')).toBe('mci');
  });

  it('gives initials that are not the real acronym, which is why aliases matter', () => {
    expect(acronymOf('Association of Southeast Asian Nations')).toBe('asan');
    expect(acronymOf("ASEAN Digital Ministers' Meeting")).toBe('admm');
  });

  it('gives nothing for one word or for Thai', () => {
    expect(acronymOf('Thailand')).toBeUndefined();
    expect(acronymOf('The Union')).toBeUndefined();
    expect(acronymOf('กองทุนไอซีทีอาเซียน')).toBeUndefined();
    expect(acronymOf('กองทุน ASEAN ICT Fund')).toBeUndefined();
  });
});

describe('scoreMatch', () => {
  it('matches a Thai mention to the Thai name of an entity', () => {
    expect(scoreMatch({ name: 'กองทุนไอซีทีอาเซียน', type: 'Fund' }, ictFund)).toEqual({
      score: 1,
      reason: 'name "กองทุนไอซีทีอาเซียน" = Thai name "กองทุนไอซีทีอาเซียน"',
    });
  });

  it('matches an English mention to an alias of an entity named in Thai', () => {
    const fromThaiSource: NameSet = { name: 'กองทุนไอซีทีอาเซียน', aliases: ['ASEAN ICT Fund'] };
    expect(scoreMatch({ name: 'The ASEAN ICT Fund' }, fromThaiSource)).toEqual({
      score: 1,
      reason: 'name "The ASEAN ICT Fund" = alias "ASEAN ICT Fund"',
    });
  });

  it('finds part of a Thai name by its characters, though Thai has no spaces', () => {
    const { score, reason } = scoreMatch({ name: 'กองทุนไอซีที' }, ictFund);
    expect(score).toBeGreaterThan(0.7);
    expect(score).toBeLessThan(0.85);
    expect(reason).toBe('name "กองทุนไอซีที" is 76% similar to Thai name "กองทุนไอซีทีอาเซียน"');
  });

  it('matches ไทย to ประเทศไทย, with or without an alias', () => {
    expect(scoreMatch({ name: 'ไทย' }, thailand)).toEqual({
      score: 1,
      reason: 'name "ไทย" = Thai name "ประเทศไทย"',
    });
    expect(scoreMatch({ name: 'ไทย' }, { name: 'Thailand', nameTh: 'ประเทศไทย' }).score).toBe(1);
  });

  it('scores "Kingdom of Thailand" against "Thailand" high, but below an exact name or an acronym', () => {
    expect(scoreMatch({ name: 'Kingdom of Thailand' }, { name: 'Thailand' })).toEqual({
      score: 0.85,
      reason: 'name "Kingdom of Thailand" = name "Thailand", but for words like "of" or "Kingdom"',
    });
    expect(scoreMatch({ name: 'Kingdom of Thailand' }, thailand)).toEqual({
      score: 1,
      reason: 'name "Kingdom of Thailand" = alias "Kingdom of Thailand"',
    });
  });

  it('prefers an alias to an acronym, and an acronym to a near spelling', () => {
    expect(scoreMatch({ name: 'ITU' }, itu)).toEqual({ score: 1, reason: 'name "ITU" = alias "ITU"' });
    const withoutAlias = { name: 'International Telecommunication Union' };
    expect(scoreMatch({ name: 'I.T.U.' }, withoutAlias)).toEqual({
      score: 0.9,
      reason: 'name "I.T.U." = initials of name "International Telecommunication Union"',
    });
    expect(scoreMatch(withoutAlias, { name: 'ITU' })).toEqual({
      score: 0.9,
      reason: 'initials of name "International Telecommunication Union" = name "ITU"',
    });
    expect(scoreMatch({ name: 'Internatonal Telecomunication Union' }, withoutAlias).score).toBeLessThan(0.9);
  });

  it('matches acronyms that are initials, and not those that are not, without an alias', () => {
    const atrc = { name: "ASEAN Telecommunication Regulators' Council" };
    expect(scoreMatch({ name: 'ATRC' }, atrc).score).toBe(0.9);
    expect(scoreMatch({ name: 'MDES' }, { name: 'Ministry of Digital Economy and Society' }).score).toBe(0.9);
    expect(scoreMatch({ name: 'ADGMIN' }, { name: adgmin.name }).score).toBeLessThan(0.5);
    expect(scoreMatch({ name: 'ASEAN' }, { name: asean.name }).score).toBeLessThan(0.5);
    expect(scoreMatch({ name: 'ASEAN' }, asean).score).toBe(1);
  });

  it('keeps different countries apart, even when their formal names begin alike', () => {
    expect(scoreMatch(cambodia, malaysia).score).toBeLessThan(0.3);
    expect(scoreMatch(cambodia, thailand).score).toBeLessThan(0.3);
    expect(scoreMatch({ name: 'Republic of Korea' }, { name: 'Republic of India' }).score).toBe(0);
    expect(scoreMatch({ name: 'สาธารณรัฐเกาหลี' }, { name: 'สาธารณรัฐอินเดีย' }).score).toBe(0);
    expect(scoreMatch({ name: 'กัมพูชา' }, { name: 'x', nameTh: 'มาเลเซีย' })).toEqual({
      score: 0,
      reason: 'no names in common',
    });
  });

  it('lowers, but does not rule out, an entity of another type', () => {
    expect(
      scoreMatch({ name: 'Singapore', type: 'Country' }, { name: 'Singapore', type: 'Organization' }),
    ).toEqual({ score: 0.6, reason: 'same name "Singapore", but the type is Organization, not Country' });
    expect(scoreMatch({ name: 'Singapore' }, { name: 'Singapore', type: 'Organization' }).score).toBe(1);
    const fund = { name: 'ASEAN ICT Fund', type: 'Fund' };
    expect(scoreMatch(fund, ictFundApproval).score).toBeLessThan(0.5);
    expect(scoreMatch({ name: fund.name }, ictFundApproval).score).toBeGreaterThan(0.5);
  });
});

describe('rankMatches', () => {
  it('puts the same entity first, a look-alike after it, and leaves the query itself out', () => {
    const mention = { id: 'adgmin-mention', type: 'Organization', name: 'ASEAN Digital Ministers Meeting' };
    const matches = rankMatches(mention, [...graph, mention]);
    expect(ids(matches)).toEqual(['adgmin', 'adgsom']);
    expect(matches[0]?.score).toBe(1);
    expect(matches[1]?.score).toBeGreaterThan(0.5);
    expect(matches[1]?.score).toBeLessThan(0.85);
  });

  it('finds nothing for an entity with no namesake in the graph', () => {
    expect(rankMatches(cambodia, graph)).toEqual([]);
    expect(rankMatches(cambodia, graph, { min: 0 }).map((match) => match.candidate.id)).not.toContain(
      'cambodia',
    );
  });

  it('orders exact, acronym and near matches, and equal scores by id', () => {
    const query = { name: 'MDES', type: 'Organization' };
    const candidates: NameSet[] = [
      { id: 'near', type: 'Organization', name: 'MDE' },
      { id: 'initials', type: 'Organization', name: 'Ministry of Digital Economy and Society' },
      { id: 'b-alias', type: 'Organization', name: 'กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', aliases: ['MDES'] },
      { id: 'a-alias', type: 'Organization', name: 'Digital Ministry', aliases: ['M.D.E.S.'] },
      { id: 'other-type', type: 'Country', name: 'MDES' },
    ];
    const matches = rankMatches(query, candidates);
    expect(ids(matches)).toEqual(['a-alias', 'b-alias', 'initials', 'near', 'other-type']);
    expect(matches.map((match) => match.score)).toEqual([1, 1, 0.9, expect.closeTo(0.8, 5), 0.6]);
  });

  it('honours min and limit, and refuses a limit that is not a whole number', () => {
    const query = { name: 'ASEAN ICT Fund' };
    // Untyped, a name that holds another shares most of its letters with it.
    expect(ids(rankMatches(query, graph))).toEqual(['asean-ict-fund', 'ict-fund-approval-2024', 'asean']);
    expect(ids(rankMatches({ ...query, type: 'Fund' }, graph))).toEqual(['asean-ict-fund']);
    expect(ids(rankMatches(query, graph, { min: 0.9 }))).toEqual(['asean-ict-fund']);
    expect(ids(rankMatches(query, graph, { limit: 1 }))).toEqual(['asean-ict-fund']);
    expect(rankMatches(query, graph, { limit: 0 })).toEqual([]);
    expect(() => rankMatches(query, graph, { limit: -1 })).toThrow(RangeError);
    expect(() => rankMatches(query, graph, { limit: 1.5 })).toThrow(RangeError);
  });
});
