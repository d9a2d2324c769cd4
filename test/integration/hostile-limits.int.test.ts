import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenStore } from '../../src/auth/tokens.ts';
import type { Database } from '../../src/db/database.ts';
import { checkSources } from '../../src/facts/check-sources.ts';
import { factsFileOf } from '../../src/facts/source-files.ts';
import { curationFixture, type GraphQLResponse } from '../helpers/api.ts';
import { testDatabase } from '../helpers/database.ts';

// Hostile input to the knowledge base (issue 32): names every object answers to, where the
// ontology's names are expected, and strings and lists of any length. On a copy of data/.
const source = 'cabinet-resolution-2024-07-09-adgmin4';
// Section 5.2 of the source says this, word for word.
const quote = 'ส่งเสริมสร้างภาพลักษณ์ที่ดีแก่ประเทศไทย';
const prototypeNames = Object.getOwnPropertyNames(Object.prototype);
const megabyte = 'x'.repeat(1024 * 1024);

let db: Database;
let dir: string;
let app: Awaited<ReturnType<typeof curationFixture>>['app'];
let gql: Awaited<ReturnType<typeof curationFixture>>['gql'];
let curate: string;
const factsFile = () => factsFileOf(source, dir);
/** The audit log as it is (data/ may hold one already: a curator's earlier writes). */
const auditLog = () =>
  existsSync(join(dir, 'audit.jsonl')) ? readFileSync(join(dir, 'audit.jsonl'), 'utf8') : null;

/** The answer's first error, which must be BAD_USER_INPUT. */
function refusal(answer: GraphQLResponse, label: string): string {
  expect(answer.errors?.[0]?.extensions?.code, `${label}: ${JSON.stringify(answer).slice(0, 300)}`).toBe(
    'BAD_USER_INPUT',
  );
  return answer.errors?.[0]?.message ?? '';
}

/** `{[name]: value}` as an own property, `__proto__` included (a literal would set the prototype). */
const named = (name: string, value: unknown) => Object.fromEntries([[name, value]]);

/** The problems kb:check finds in the source with `entities` and `relations` (YAML lines) added first. */
function problemsWith(entities: string[], relations: string[] = []): string[] {
  const text = readFileSync(factsFile(), 'utf8');
  expect(text).toContain('\nentities:\n');
  expect(text).toContain('\nrelations:\n');
  const edited = text
    .replace('\nentities:\n', `\nentities:\n${entities.map((line) => `  - ${line}\n`).join('')}`)
    .replace('\nrelations:\n', `\nrelations:\n${relations.map((line) => `  - ${line}\n`).join('')}`);
  const { failed } = checkSources(dir, { files: new Map([[factsFile(), edited]]) });
  return failed.flatMap((failure) => failure.problems).map((problem) => `${problem.at}: ${problem.reason}`);
}

const cite = `section: "5.2", quote: ${quote}`;

const upsertEntity = `mutation($input: UpsertEntityInput!, $dryRun: Boolean) {
  upsertEntity(input: $input, dryRun: $dryRun) { dryRun fact } }`;
const addRelation = `mutation($input: AddRelationInput!) { addRelation(input: $input) { fact } }`;
const entityInput = {
  source,
  id: 'fx-hostile',
  type: 'Country',
  section: '5.2',
  quote,
  props: { name: 'Hostile' },
};
const relationInput = { type: 'REFERENCES', from: 'adgsom-5', to: 'thailand', source, section: '5.2', quote };

beforeAll(async () => {
  db = testDatabase();
  let tokens: TokenStore;
  ({ dir, app, gql, tokens } = await curationFixture(db, 'hostile-limits'));
  curate = tokens.create('curator-hostile', ['curate']).token;
});

afterAll(async () => {
  await db.close();
});

describe('names every object has are not ontology names', () => {
  it('are refused in a facts file as types, properties, qualifiers and ranks (kb:check)', () => {
    for (const name of prototypeNames) {
      const problems = problemsWith(
        [
          `{id: fx-hostile, type: Country, name: Hostile, ${name}: x, ${cite}}`,
          `{id: fx-hostile-type, type: ${name}, name: Hostile, ${cite}}`,
          `{id: fx-hostile-rank, type: Country, name: Hostile, rank: {${name}: preferred}, ${cite}}`,
        ],
        [
          `{type: MEMBER_OF, from: thailand, to: asean, key: fx, ${name}: x, ${cite}}`,
          `{type: ${name}, from: thailand, to: asean, ${cite}}`,
        ],
      );
      const shown = JSON.stringify(name);
      expect(problems, name).toEqual(
        expect.arrayContaining([
          `entity fx-hostile: unknown property ${shown} for type Country`,
          `entity fx-hostile-type: unknown type ${shown}`,
          `entity fx-hostile-rank: rank names ${shown}, which this fact does not state`,
          `relation #1 (MEMBER_OF thailand -> asean): unknown qualifier ${shown}`,
          `relation #2 (${name} thailand -> asean): unknown relation type ${shown}`,
        ]),
      );
    }
  });

  it('are refused as the type, properties and qualifiers of a curation write, which changes nothing', async () => {
    const before = readFileSync(factsFile(), 'utf8');
    const audit = auditLog();
    for (const name of prototypeNames) {
      const writes: Array<[string, string, Record<string, unknown>, string]> = [
        ['property', upsertEntity, { ...entityInput, props: named(name, 'x') }, 'unknown property'],
        ['entity type', upsertEntity, { ...entityInput, type: name }, 'unknown type'],
        ['qualifier', addRelation, { ...relationInput, qualifiers: named(name, 'x') }, 'unknown qualifier'],
        ['relation type', addRelation, { ...relationInput, type: name }, 'unknown relation type'],
      ];
      for (const [place, mutation, input, message] of writes) {
        const reason = refusal(await gql(mutation, { input }, curate), `${name} as ${place}`);
        expect(reason).toContain(`${message} ${JSON.stringify(name)}`);
      }
    }
    expect(readFileSync(factsFile(), 'utf8')).toBe(before);
    expect(auditLog()).toBe(audit);
  });

  it('are refused by every read that filters on a type, kind or property', async () => {
    const reads: Record<string, string> = {
      relations: '{ entity(id: "thailand") { relations(types: [$n]) { nodes { id } } } }',
      claims: '{ entity(id: "thailand") { claims(property: $n) { value } } }',
      entities: '{ entities(types: [$n]) { nodes { id } } }',
      search: '{ search(query: "Thailand", types: [$n]) { score } }',
      neighborhood: '{ neighborhood(id: "thailand", types: [$n]) { nodes { id } } }',
      shortestPath: '{ shortestPath(from: "thailand", to: "asean", types: [$n]) { length } }',
      paths: '{ paths(from: "thailand", to: "asean", types: [$n]) { length } }',
      allShortestPaths: '{ allShortestPaths(from: "thailand", to: "asean", types: [$n]) { length } }',
      commonConnections: '{ commonConnections(a: "thailand", b: "cambodia", types: [$n]) { __typename } }',
      similarEntities: '{ similarEntities(id: "thailand", types: [$n]) { __typename } }',
      centralityNodes: '{ centrality(measure: DEGREE, nodeTypes: [$n]) { score } }',
      centralityTypes: '{ centrality(measure: DEGREE, types: [$n]) { score } }',
      communitiesNodes: '{ communities(nodeTypes: [$n]) { __typename } }',
      communitiesTypes: '{ communities(types: [$n]) { __typename } }',
      timeline: '{ timeline(kinds: [$n]) { date } }',
      match: '{ match(name: "Thailand", type: $n) { __typename } }',
    };
    for (const name of prototypeNames) {
      for (const [place, selection] of Object.entries(reads)) {
        const answer = await gql(`query($n: String!) ${selection}`, { n: name });
        expect(refusal(answer, `${name} in ${place}`)).toContain(name);
      }
      await expect(app.exportFiles('jsonl', { types: [name] }), name).rejects.toMatchObject({
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
  });
});

describe('every string has a limit, named when it is broken', () => {
  const aliases = (count: number) => Array.from({ length: count }, (_, i) => `alias ${i}`);

  it('in a facts file (kb:check)', () => {
    const long = 'a'.repeat(300);
    const problems = problemsWith(
      [
        `{id: fx-name, type: Country, name: ${megabyte}, ${cite}}`,
        `{id: fx-aliases, type: Country, name: Many, aliases: [${aliases(50_000).join(', ')}], ${cite}}`,
        `{id: ${long}, type: Country, name: Long id, ${cite}}`,
        `{id: fx-section, type: Country, name: Section, section: ${megabyte}, quote: ${quote}}`,
        `{id: fx-description, type: Country, name: D, description: ${megabyte}, ${cite}}`,
      ],
      [`{type: MEMBER_OF, from: thailand, to: ${long}, role: ${megabyte}, ${cite}}`],
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'entity fx-name: name is 1,048,576 characters long, over the limit of 500 for names (name, nameTh)',
        'entity fx-aliases: aliases has 50,000 items, over the limit of 50 aliases of an entity in one source',
        `entity ${'a'.repeat(80)}…: id is 300 characters long, over the limit of 120 for ids (entities, sources, the ends of relations, sameAs)`,
        'entity fx-section: section is 1,048,576 characters long, over the limit of 100 for sections',
        'entity fx-description: description is 1,048,576 characters long, over the limit of 2,000 for descriptions (description, descriptionTh, addedWording)',
        expect.stringMatching(/^relation #1 .*: to is 300 characters long, over the limit of 120 for ids/),
        expect.stringMatching(
          /^relation #1 .*: role is 1,048,576 characters long, over the limit of 500 for other/,
        ),
      ]),
    );
    // No problem repeats the megabyte.
    expect(Math.max(...problems.map((problem) => problem.length))).toBeLessThan(1_000);
  });

  it('in a curation write: BAD_USER_INPUT naming the limit, and nothing is written', async () => {
    const before = readFileSync(factsFile(), 'utf8');
    const audit = auditLog();
    const writes: Array<[string, string, Record<string, unknown>, RegExp]> = [
      ['name', upsertEntity, { ...entityInput, props: { name: megabyte } }, /limit of 500 for names/],
      ['nameTh', upsertEntity, { ...entityInput, props: { name: 'H', nameTh: megabyte } }, /limit of 500/],
      [
        'aliases',
        upsertEntity,
        { ...entityInput, props: { name: 'H', aliases: aliases(50_000) } },
        /limit of 50 aliases/,
      ],
      [
        'alias',
        upsertEntity,
        { ...entityInput, props: { name: 'H', aliases: [megabyte] } },
        /aliases #1 is .* limit of 200/,
      ],
      [
        'description',
        upsertEntity,
        { ...entityInput, props: { name: 'H', description: megabyte } },
        /limit of 2,000 for descriptions/,
      ],
      [
        'kind',
        upsertEntity,
        { ...entityInput, type: 'WorkingGroup', props: { name: 'H', kind: megabyte } },
        /limit of 500 for other/,
      ],
      [
        'entity id',
        upsertEntity,
        { ...entityInput, id: 'a'.repeat(300) },
        /id is 300 characters long, over the limit of 120 for ids/,
      ],
      ['section', upsertEntity, { ...entityInput, section: megabyte }, /limit of 100 for sections/],
      ['quote', upsertEntity, { ...entityInput, quote: megabyte }, /limit of 2,000 for quotes/],
      ['version', upsertEntity, { ...entityInput, version: megabyte }, /limit of 64 for fact versions/],
      [
        'qualifier',
        addRelation,
        { ...relationInput, qualifiers: { note: megabyte } },
        /note is .* limit of 500/,
      ],
      ['key', addRelation, { ...relationInput, key: megabyte }, /limit of 120 for relation keys/],
      [
        'end',
        addRelation,
        { ...relationInput, to: 'a'.repeat(300) },
        /to is 300 characters long, over the limit of 120/,
      ],
      ['source', addRelation, { ...relationInput, source: megabyte }, /source is .* limit of 120 for ids/],
    ];
    for (const [field, mutation, input, limit] of writes) {
      const reason = refusal(await gql(mutation, { input }, curate), field);
      expect(reason, field).toMatch(limit);
      expect(reason.length, field).toBeLessThan(1_000);
    }
    const retract = `mutation($id: ID!, $reason: String!) { retractFact(id: $id, reason: $reason) { fact } }`;
    expect(
      refusal(await gql(retract, { id: `${source}#thailand`, reason: megabyte }, curate), 'reason'),
    ).toMatch(/limit of 2,000 for reasons/);
    expect(refusal(await gql(retract, { id: `${source}#${megabyte}`, reason: 'r' }, curate), 'fact')).toMatch(
      /limit of 2,000 for fact ids/,
    );
    const create = `mutation($input: CreateSourceInput!) { createSource(input: $input) { fact } }`;
    const newSource = { id: 'fx-hostile-source', titleEn: megabyte, date: '2024-07-09', text: 'Some text.' };
    expect(refusal(await gql(create, { input: newSource }, curate), 'title')).toMatch(
      /titleEn is 1,048,576 characters long, over the limit of 1,000 for source titles/,
    );
    expect(existsSync(join(dir, 'sources', 'fx-hostile-source.txt'))).toBe(false);
    expect(readFileSync(factsFile(), 'utf8')).toBe(before);
    expect(auditLog()).toBe(audit);
  });

  it('lets a value at its limit through', async () => {
    const props = {
      name: 'n'.repeat(500),
      nameTh: 'ท'.repeat(500),
      aliases: aliases(50),
      description: 'd'.repeat(2000),
    };
    const answer = await gql(
      upsertEntity,
      { input: { ...entityInput, id: 'f'.repeat(120), props }, dryRun: true },
      curate,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.upsertEntity).toMatchObject({ dryRun: true, fact: `${source}#${'f'.repeat(120)}` });
  });
});
