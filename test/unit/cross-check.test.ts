import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkSources } from '../../src/facts/check-sources.ts';
import { closestIds } from '../../src/facts/cross-check.ts';

/** The synthetic sources of test/fixtures/claims, copied so a test can break one. */
const fixtures = join(import.meta.dirname, '../fixtures/claims');
let dir: string;

function edit(source: string, change: (yaml: string) => string) {
  const file = join(dir, 'facts', `${source}.yaml`);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

function problems() {
  return checkSources(dir).failed.flatMap((failure) =>
    failure.problems.map((problem) => `${failure.source}: ${problem.at}: ${problem.reason}`),
  );
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cross-check-'));
  cpSync(fixtures, dir, { recursive: true });
});

describe('checking sources against each other', () => {
  it('passes the fixtures, with ids named across files resolved', () => {
    const { valid, failed } = checkSources(dir);
    expect(failed).toEqual([]);
    const record = valid.find((facts) => facts.meta.id === 'synthetic-record-b');
    expect(record?.references).toEqual([
      { id: 'fx-freedonia', type: 'Country' },
      { id: 'fx-ruritania', type: 'Country' },
    ]);
    const statement = valid.find((facts) => facts.meta.id === 'synthetic-statement-c');
    // sameAs rewrote the statement's own id for the council, in entities and relations.
    expect(statement?.entities.map((entity) => entity.id)).toContain('fx-council');
    expect(statement?.relations.map((relation) => relation.id)).toContain('FUNDED_BY:fx-council:fx-fund');
  });

  it('refuses one id with two types, naming both files and both types', () => {
    edit('synthetic-record-b', (yaml) => yaml.replace('type: Country', 'type: Organization'));
    edit('synthetic-record-b', (yaml) =>
      yaml.replace(
        '  - id: fx-sylvania',
        '  - id: fx-ruritania\n    type: Organization\n    section: "2"\n    quote: Ruritania\n  - id: fx-sylvania',
      ),
    );
    const reason =
      'entity fx-ruritania: has type Organization in facts/synthetic-record-b.yaml but Country in facts/synthetic-resolution-a.yaml: one id, one type';
    // Both files are refused (which is right is the curator's call), and so is what names the id.
    expect(problems()).toEqual(
      expect.arrayContaining([`synthetic-record-b: ${reason}`, `synthetic-resolution-a: ${reason}`]),
    );
  });

  it('refuses an id no file declares, suggesting the closest', () => {
    edit('synthetic-record-b', (yaml) => yaml.replace('from: fx-ruritania', 'from: fx-rurtania'));
    expect(problems()).toEqual([
      'synthetic-record-b: relation ATTENDED:fx-rurtania:fx-meeting-1: "fx-rurtania" is not declared by any facts file; did you mean "fx-ruritania"?',
    ]);
  });

  it('refuses a sameAs cycle', () => {
    edit(
      'synthetic-resolution-a',
      (yaml) => `${yaml}sameAs:\n  - {id: fx-council, sameAs: fx-digital-council}\n`,
    );
    expect(problems()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^synthetic-resolution-a: sameAs fx-council: is a cycle: fx-council → fx-digital-council → fx-council/,
        ),
        expect.stringMatching(/^synthetic-statement-c: sameAs fx-digital-council: is a cycle/),
      ]),
    );
  });

  it('refuses two preferred claims for one property', () => {
    edit('synthetic-statement-c', (yaml) =>
      yaml.replace('foundedYear: 2021', 'foundedYear: 2021\n    rank: preferred'),
    );
    expect(problems()).toEqual(
      expect.arrayContaining([
        'synthetic-resolution-a: entity fx-fund: foundedYear: facts/synthetic-resolution-a.yaml and facts/synthetic-statement-c.yaml both rank it preferred: only one claim can be',
        'synthetic-statement-c: entity fx-fund: foundedYear: facts/synthetic-statement-c.yaml and facts/synthetic-resolution-a.yaml both rank it preferred: only one claim can be',
      ]),
    );
  });

  it('refuses a quote that is not in its source', () => {
    edit('synthetic-record-b', (yaml) =>
      yaml.replace('Sylvania (ซิลวาเนีย) attended.', 'Sylvania attended too.'),
    );
    expect(problems()).toContain(
      'synthetic-record-b: entity fx-sylvania: quote does not occur in source synthetic-record-b: "Sylvania attended too."',
    );
  });

  it('refuses a file that names an entity only a broken file declares', () => {
    edit('synthetic-resolution-a', (yaml) => yaml.replace('type: Fund', 'type: Fnd'));
    const failed = checkSources(dir).failed.map((failure) => failure.source);
    // The statement names the resolution's countries; with the resolution out, they are unknown.
    expect(failed).toEqual(['synthetic-record-b', 'synthetic-resolution-a', 'synthetic-statement-c']);
  });
});

describe('closestIds', () => {
  it('suggests ids a few edits away, closest first', () => {
    expect(closestIds('thialand', ['thailand', 'finland', 'asean', 'thailand-mdes'])).toEqual(['thailand']);
    expect(closestIds('ict-fund', ['asean-ict-fund', 'ict-fun', 'ict-funds'])).toEqual([
      'ict-fun',
      'ict-funds',
    ]);
    expect(closestIds('zzz', ['thailand'])).toEqual([]);
  });
});
