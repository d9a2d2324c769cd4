import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { limits } from '../../src/facts/limits.ts';
import { validateFacts } from '../../src/facts/validate.ts';
import { type FixtureDoc, fixtureDoc, fixtureMeta, fixtureText, toYaml } from '../fixtures/small-source.ts';

function check(doc: FixtureDoc | string, text = fixtureText) {
  const yaml = typeof doc === 'string' ? doc : toYaml(doc);
  return validateFacts('facts/fixture-source.yaml', yaml, text, fixtureMeta()).problems;
}

function withChange(change: (doc: FixtureDoc) => void): FixtureDoc {
  const doc = fixtureDoc();
  change(doc);
  return doc;
}

describe('validateFacts', () => {
  it('accepts a correct file and returns typed facts', () => {
    const result = validateFacts('f.yaml', toYaml(fixtureDoc()), fixtureText, fixtureMeta());
    expect(result.problems).toEqual([]);
    expect(result.facts.entities).toHaveLength(5);
    expect(result.facts.relations.map((relation) => relation.id)).toContain('FUNDED_BY:fx-project:fx-fund');
  });

  it('rejects an unknown entity type', () => {
    const problems = check(withChange((doc) => Object.assign(doc.entities[0] as object, { type: 'Planet' })));
    expect(problems).toEqual([
      expect.objectContaining({ at: 'entity fx-ruritania', reason: 'unknown type "Planet"' }),
    ]);
  });

  it('rejects an unknown property', () => {
    const problems = check(
      withChange((doc) => Object.assign(doc.entities[0] as object, { capital: 'Strelsau' })),
    );
    expect(problems.map((problem) => problem.reason)).toEqual([
      'unknown property "capital" for type Country',
    ]);
  });

  it('rejects a status the ontology does not list, and names the ones it does', () => {
    const problems = check(
      withChange((doc) => Object.assign(doc.entities[2] as object, { status: 'sort-of-agreed' })),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        at: 'entity fx-accord',
        reason: expect.stringMatching(/^status "sort-of-agreed" is not one of .*\bin-force\b/),
      }),
    ]);
  });

  it('rejects an unknown relation type and an unknown qualifier', () => {
    const problems = check(
      withChange((doc) => {
        Object.assign(doc.relations[0] as object, { type: 'LIKES' });
        Object.assign(doc.relations[1] as object, { mood: 'happy' });
      }),
    );
    expect(problems.map((problem) => problem.reason)).toEqual([
      'unknown relation type "LIKES"',
      'unknown qualifier "mood"',
    ]);
  });

  it('rejects duplicate ids', () => {
    const problems = check(withChange((doc) => doc.entities.push({ ...doc.entities[1] })));
    expect(problems).toEqual([
      expect.objectContaining({ at: 'entity fx-freedonia', reason: 'duplicate id' }),
    ]);
  });

  it('leaves an end declared by another file to the check across files, but not a malformed one', () => {
    const elsewhere = withChange((doc) => Object.assign(doc.relations[0] as object, { to: 'fx-elsewhere' }));
    expect(check(elsewhere)).toEqual([]);
    const problems = check(
      withChange((doc) => Object.assign(doc.relations[0] as object, { to: 'Not an id' })),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        at: 'relation #1 (PARTY_TO fx-ruritania -> Not an id)',
        reason: 'to must be an entity id',
      }),
    ]);
  });

  it('rejects malformed dates, including impossible ones', () => {
    const problems = check(
      withChange((doc) => {
        Object.assign(doc.entities[2] as object, { date: '2024-02-30' });
        Object.assign(doc.relations[0] as object, { date: '3 March 2024' });
      }),
    );
    expect(problems.map((problem) => problem.reason)).toEqual([
      'date must be an ISO date (YYYY-MM-DD), got "2024-02-30"',
      'date must be an ISO date (YYYY-MM-DD), got "3 March 2024"',
    ]);
  });

  it('rejects amounts written as floats or with more than two decimals', () => {
    const problems = check(
      withChange((doc) => {
        Object.assign(doc.entities[4] as object, { amount: 1250.5 });
        Object.assign(doc.relations[2] as object, { amount: '1250.505' });
      }),
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]?.reason).toMatch(/^amount must be a decimal written as a quoted string/);
    expect(problems[1]?.reason).toMatch(/got "1250.505"$/);
  });

  it('rejects a quote that is not in the source', () => {
    const problems = check(
      withChange((doc) => Object.assign(doc.relations[3] as object, { quote: 'Ruritania opposes' })),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        reason: 'quote does not occur in source fixture-source: "Ruritania opposes"',
      }),
    ]);
  });

  it('matches quotes after NFC and whitespace normalisation, and nothing else', () => {
    const decomposed = 'Ruritania and\n   Freedonia'.normalize('NFD');
    expect(
      check(withChange((doc) => Object.assign(doc.entities[0] as object, { quote: decomposed }))),
    ).toEqual([]);
    const recased = check(
      withChange((doc) => Object.assign(doc.entities[0] as object, { quote: 'ruritania and freedonia' })),
    );
    expect(recased).toHaveLength(1);
  });

  it('rejects numeric sections, which YAML would silently round', () => {
    const problems = check(withChange((doc) => Object.assign(doc.entities[0] as object, { section: 2.1 })));
    expect(problems[0]?.reason).toMatch(/^section must be quoted/);
  });

  it('reports broken YAML instead of throwing', () => {
    const problems = check('source: fixture-source\nentities: [unclosed');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.reason).toMatch(/^is not valid YAML/);
  });

  it('checks the real knowledge base: every quote is found in its source', async () => {
    const { checkAllSources } = await import('../../src/facts/check-sources.ts');
    const [facts] = checkAllSources();
    expect(facts?.entities.length).toBeGreaterThan(100);
    expect(facts?.relations.length).toBeGreaterThan(200);
  });
});

describe('the limits', () => {
  it('are the ones docs/design/limits.md lists', () => {
    const file = readFileSync(join(import.meta.dirname, '../../docs/design/limits.md'), 'utf8');
    const doc = file.slice(0, file.indexOf('\n## A request'));
    const rows = [...doc.matchAll(/^\| `(\w+)` +\| +([\d,]+) \|/gm)].map(([, name, max]) => [
      name,
      Number(max?.replaceAll(',', '')),
    ]);
    expect(rows).toEqual(Object.entries(limits).map(([name, limit]) => [name, limit.max]));
  });
});
