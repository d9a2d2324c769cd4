import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quoteNames, quoteSupportWarnings } from '../../src/facts/quote-support.ts';
import type { EntityFact, RelationFact, SourceFacts } from '../../src/facts/source-facts.ts';
import { dataDir } from '../../src/facts/source-files.ts';

const text = 'Freedonia and Sylvania met in Ruritania. ประเทศฟรีโดเนียเข้าร่วมการประชุม. The talks went well.';

function entity(id: string, props: Record<string, unknown>): EntityFact {
  return { id, type: 'Country', props, cite: { section: '1', quote: 'Freedonia' } };
}

function relation(from: string, to: string, quote: string): RelationFact {
  return {
    id: `ATTENDED:${from}:${to}`,
    type: 'ATTENDED',
    from,
    to,
    qualifiers: {},
    cite: { section: '1', quote },
  };
}

function source(relations: RelationFact[]): SourceFacts {
  const meta = {
    id: 'synthetic-talks',
    titleEn: 'Talks',
    titleTh: 'Talks',
    date: '2024-01-01',
    issuer: 'X',
    language: 'en',
  };
  const entities = [
    entity('fx-freedonia', { name: 'Freedonia', nameTh: 'ประเทศฟรีโดเนีย', aliases: ['FD'] }),
    entity('fx-meeting', { name: 'Ruritania meeting' }),
  ];
  return { meta, text, entities, relations };
}

describe('a quote that names an end of its relation', () => {
  it('passes a quote that names an end by its name, Thai name or alias', () => {
    const named = [
      relation('fx-freedonia', 'fx-meeting', 'Freedonia and Sylvania met in Ruritania.'),
      relation('fx-freedonia', 'fx-meeting', 'ประเทศฟรีโดเนียเข้าร่วมการประชุม'),
      relation('fx-freedonia', 'fx-meeting', 'as FD said'),
    ];
    expect(quoteSupportWarnings([source(named)])).toEqual([]);
  });

  it('warns about a quote that names neither end, naming the relation', () => {
    expect(
      quoteSupportWarnings([source([relation('fx-freedonia', 'fx-meeting', 'The talks went   well.')])]),
    ).toEqual([
      {
        source: 'synthetic-talks',
        relation: 'ATTENDED:fx-freedonia:fx-meeting',
        reason:
          'quote names neither fx-freedonia nor fx-meeting by any of their names or aliases: "The talks went well."',
      },
    ]);
  });

  it('takes demonyms and short forms as names when given', () => {
    const quoted = [relation('fx-freedonia', 'fx-meeting', 'the Freedonian delegation')];
    expect(quoteSupportWarnings([source(quoted)])).toHaveLength(1);
    expect(quoteSupportWarnings([source(quoted)], { 'fx-freedonia': ['Freedonian'] })).toEqual([]);
  });

  it('finds Thai names inside words, Latin names only as whole words, short capitals only in capitals', () => {
    expect(quoteNames('ผู้แทนไทยกล่าว', 'ไทย')).toBe(true);
    expect(quoteNames('the chinese side', 'Chinese')).toBe(true);
    expect(quoteNames('Indochina', 'China')).toBe(false);
    expect(quoteNames('we trust in them', 'IN')).toBe(false);
    expect(quoteNames('India (IN) and us', 'IN')).toBe(true);
    expect(quoteNames('กองทุน ASEAN ICT Fund2 ประจำปี', 'ASEAN ICT Fund')).toBe(true);
  });
});

/** kb:check over a copy of the run's data/, as CI runs it: no warning is allowed. */
function kbCheck(dir: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/kb-check.ts', dir, ...args], {
    encoding: 'utf8',
  });
}

describe('kb:check --strict', () => {
  it('passes the knowledge base, every relation quote naming an end', () => {
    const run = kbCheck(dataDir, '--strict');
    expect(run.stderr).not.toContain('warning:');
    expect(run.status).toBe(0);
  });

  it('fails when a quote names neither end, and only warns without --strict', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'quote-support-')), 'data');
    cpSync(dataDir, dir, { recursive: true });
    const file = join(dir, 'facts', 'cabinet-resolution-2024-07-09-adgmin4.yaml');
    const yaml = readFileSync(file, 'utf8');
    const line = /^ {2}- \{type: HOSTED_BY, from: adgmin-4, to: singapore, .*$/m;
    expect(yaml).toMatch(line);
    writeFileSync(
      file,
      yaml.replace(line, (l) => l.replace(/quote: ".*"/, 'quote: "เมื่อวันที่ 1-2 กุมภาพันธ์ 2567"')),
    );
    const strict = kbCheck(dir, '--strict');
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain(
      'relation HOSTED_BY:adgmin-4:singapore: quote names neither adgmin-4 nor singapore',
    );
    expect(kbCheck(dir).status).toBe(0);
    expect(kbCheck(dir, '--max-warnings', '1').status).toBe(0);
  });
});
