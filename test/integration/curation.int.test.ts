import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenStore } from '../../src/auth/tokens.ts';
import type { Database } from '../../src/db/database.ts';
import { curationFixture } from '../helpers/api.ts';
import { testDatabase } from '../helpers/database.ts';
import { loadKnowledgeBase } from '../helpers/knowledge-base.ts';

// Curation writes against a copy of data/: the facts file, the audit log and the graph.
const source = 'cabinet-resolution-2024-07-09-adgmin4';
let db: Database;
let dir: string;
let curate: string;
let admin: string;
const factsFile = () => join(dir, 'facts', `${source}.yaml`);

/** GraphQL JSON: the tests read into it by path, as a client would. */
// biome-ignore lint/suspicious/noExplicitAny: response shapes vary per query
type Json = any;
interface Answer {
  status: number;
  data?: Json;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}
let gql: (query: string, variables?: Record<string, unknown>, token?: string) => Promise<Answer>;

const addRelation = `mutation($input: AddRelationInput!, $dryRun: Boolean) {
  addRelation(input: $input, dryRun: $dryRun) {
    dryRun fact version addedRelations event { id action actor before after }
  } }`;
const retract = `mutation($id: ID!, $version: String) {
  retractFact(id: $id, reason: "test", version: $version) { fact version removedRelations event { id } } }`;
const undo = `mutation($id: ID!) { undo(auditEventId: $id) { fact version addedRelations removedRelations event { id undoes } } }`;
const referencesOf = `{ entity(id: "adgsom-5") { relations(types: ["REFERENCES"], direction: OUT) {
  nodes { id provenance { source { id } quote } } } } }`;
/** The REFERENCES relations of adgsom-5 the graph holds. */
async function references() {
  return (await gql(referencesOf)).data?.entity.relations.nodes as Array<Record<string, unknown>>;
}

// The 5.2 sentence says hosting ADGSOM-5 benefits Thailand; this states that ADGSOM-5 is about Thailand.
const input = {
  type: 'REFERENCES',
  from: 'adgsom-5',
  to: 'thailand',
  source,
  section: '5.2',
  quote: 'จะช่วยส่งเสริมสร้างภาพลักษณ์ที่ดีแก่ประเทศไทย',
  qualifiers: { note: 'curated in a test' },
};
const relationId = 'REFERENCES:adgsom-5:thailand';

beforeAll(async () => {
  db = testDatabase();
  let tokens: TokenStore;
  ({ dir, tokens, gql } = await curationFixture(db, 'curation'));
  curate = tokens.create('curator-a', ['curate']).token;
  admin = tokens.create('admin-a', ['admin']).token;
});

afterAll(async () => {
  await loadKnowledgeBase(db);
  await db.close();
});

describe('tokens', () => {
  it('refuses a write without a token, with a bad token, and with too little scope', async () => {
    const none = await gql(addRelation, { input });
    expect(none.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const bad = await gql(addRelation, { input }, 'pgt_not-a-token');
    expect(bad.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(bad.status).toBe(401);
    const forbidden = await gql(
      `mutation { createToken(name: "x", scopes: ["curate"]) { token } }`,
      {},
      curate,
    );
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(readFileSync(factsFile(), 'utf8')).not.toContain('curated in a test');
  });

  it('lets an admin make a token that can then write', async () => {
    const made = await gql(
      `mutation { createToken(name: "curator-b", scopes: ["curate"]) { token name scopes } }`,
      {},
      admin,
    );
    expect(made.data?.createToken).toMatchObject({ name: 'curator-b', scopes: ['curate'] });
    const preview = await gql(addRelation, { input, dryRun: true }, made.data?.createToken.token);
    expect(preview.data?.addRelation).toMatchObject({ dryRun: true, addedRelations: [relationId] });
  });
});

describe('what a curation form reads', () => {
  it('names the token it was sent with, and nobody without one', async () => {
    expect((await gql('{ viewer { name scopes } }', {}, curate)).data?.viewer).toEqual({
      name: 'curator-a',
      scopes: ['curate'],
    });
    expect((await gql('{ viewer { name } }')).data?.viewer).toBeNull();
  });

  it('gives a fact as its facts file states it, with the version an edit needs', async () => {
    const query = `query($id: ID!) { fact(id: $id) { id version lines } }`;
    const thailand = (await gql(query, { id: `${source}#thailand` })).data?.fact;
    expect(thailand.lines).toMatch(/^ *- id: thailand\n/);
    expect(readFileSync(factsFile(), 'utf8')).toContain(thailand.lines);
    expect(thailand.version).toMatch(/\S/);
    expect((await gql(query, { id: `${source}#no-such-fact` })).data?.fact).toBeNull();
  });

  it('offers the types, kinds and statuses the check accepts', async () => {
    const { data } = await gql(`{ ontology {
      entityTypes { name properties { name choices } }
      relationTypes { name }
      qualifiers { name kind } } }`);
    const meeting = data?.ontology.entityTypes.find((type: Json) => type.name === 'Meeting');
    const choices = (name: string) =>
      meeting.properties.find((property: Json) => property.name === name)?.choices;
    expect(choices('status')).toContain('held');
    expect(choices('name')).toBeNull();
    expect(data?.ontology.entityTypes.map((type: Json) => type.name)).not.toContain('Source');
    expect(data?.ontology.relationTypes.map((type: Json) => type.name)).toContain('PROPOSED');
    expect(data?.ontology.qualifiers).toContainEqual({ name: 'amount', kind: 'decimal' });
  });
});

describe('addRelation, retractFact and undo', () => {
  it('adds one line to the facts file and the relation to the graph, then retracts both exactly', async () => {
    const original = readFileSync(factsFile(), 'utf8');
    const added = await gql(addRelation, { input }, curate);
    expect(added.errors).toBeUndefined();
    expect(added.data?.addRelation).toMatchObject({
      dryRun: false,
      fact: `${source}#${relationId}`,
      addedRelations: [relationId],
      event: { action: 'addRelation', actor: 'curator-a', before: null },
    });
    const now = readFileSync(factsFile(), 'utf8');
    const newLines = now.split('\n').filter((line) => !original.split('\n').includes(line));
    expect(newLines).toEqual([
      `  - {type: REFERENCES, from: adgsom-5, to: thailand, note: curated in a test, section: "5.2", quote: ${input.quote}}`,
    ]);
    expect(await references()).toEqual([
      { id: relationId, provenance: [{ source: { id: source }, quote: input.quote }] },
    ]);

    // With a token: token names are not shown to readers without one (hostile-retract.int.test.ts).
    const log = await gql(
      `{ auditLog(entity: "thailand", first: 1) { nodes { id action fact actor } } }`,
      {},
      curate,
    );
    expect(log.data?.auditLog.nodes).toEqual([
      {
        id: added.data?.addRelation.event.id,
        action: 'addRelation',
        fact: `${source}#${relationId}`,
        actor: 'curator-a',
      },
    ]);
    expect(readFileSync(join(dir, 'audit.jsonl'), 'utf8')).toContain(added.data?.addRelation.event.id);

    const stale = await gql(retract, { id: `${source}#${relationId}`, version: 'abcdef012345' }, curate);
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(readFileSync(factsFile(), 'utf8')).toBe(now);

    const retracted = await gql(
      retract,
      { id: `${source}#${relationId}`, version: added.data?.addRelation.version },
      curate,
    );
    expect(retracted.data?.retractFact).toMatchObject({ version: null, removedRelations: [relationId] });
    expect(readFileSync(factsFile(), 'utf8')).toBe(original);
    expect(await references()).toEqual([]);

    // Undo the retraction: the line comes back where it was; undo it twice and the second is refused.
    const undone = await gql(undo, { id: retracted.data?.retractFact.event.id }, curate);
    expect(undone.data?.undo).toMatchObject({ addedRelations: [relationId] });
    expect(readFileSync(factsFile(), 'utf8')).toBe(now);
    const again = await gql(undo, { id: retracted.data?.retractFact.event.id }, curate);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // And undo the addition, which leaves the file as it was at the start.
    const first = await gql(undo, { id: added.data?.addRelation.event.id }, curate);
    expect(first.data?.undo).toMatchObject({ removedRelations: [relationId] });
    expect(readFileSync(factsFile(), 'utf8')).toBe(original);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const original = readFileSync(factsFile(), 'utf8');
    const audit = readFileSync(join(dir, 'audit.jsonl'), 'utf8');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ quote: 'words the source never says' }, 'quote does not occur'],
      [{ to: 'no-such-entity' }, 'no-such-entity'],
      [{ type: 'LIKES' }, 'unknown relation type'],
      [{ qualifiers: { colour: 'red' } }, 'unknown qualifier'],
      [{ source: 'no-such-source' }, 'no source'],
    ];
    for (const [change, message] of cases) {
      const answer = await gql(addRelation, { input: { ...input, ...change } }, curate);
      expect(answer.errors?.[0]?.message, JSON.stringify(change)).toContain(message);
      expect(['BAD_USER_INPUT', 'NOT_FOUND']).toContain(answer.errors?.[0]?.extensions?.code);
    }
    expect(readFileSync(factsFile(), 'utf8')).toBe(original);
    expect(readFileSync(join(dir, 'audit.jsonl'), 'utf8')).toBe(audit);
    expect(await references()).toEqual([]);
  });
});

describe('setRank and upsertEntity', () => {
  it('ranks a claim in its own line, and undo puts the line back', async () => {
    const original = readFileSync(factsFile(), 'utf8');
    const fact = `${source}#HOSTED_BY:adgsom-5:thailand`;
    const ranked = await gql(
      `mutation($fact: ID!) { setRank(claim: $fact, rank: PREFERRED) { version event { id before after } } }`,
      { fact },
      curate,
    );
    expect(ranked.errors).toBeUndefined();
    expect(ranked.data?.setRank.event.after).toContain('rank: preferred');
    expect(ranked.data?.setRank.event.after).toContain('from: adgsom-5');
    const changed = readFileSync(factsFile(), 'utf8').split('\n');
    expect(changed.filter((line) => !original.split('\n').includes(line))).toHaveLength(1);
    await gql(undo, { id: ranked.data?.setRank.event.id }, curate);
    expect(readFileSync(factsFile(), 'utf8')).toBe(original);
  });

  it('adds an entity, and refuses an edit from a stale version', async () => {
    const upsert = `mutation($input: UpsertEntityInput!) { upsertEntity(input: $input) { version addedEntities event { id } } }`;
    const entity = {
      source,
      id: 'fx-curated-country',
      type: 'Country',
      section: '5.2',
      quote: 'ประเทศไทย',
      props: { name: 'Curatia', nameTh: 'คิวเรเทีย', iso2: 'QQ' },
    };
    const added = await gql(upsert, { input: entity }, curate);
    expect(added.data?.upsertEntity).toMatchObject({ addedEntities: ['fx-curated-country'] });
    const entityQuery = `{ entity(id: "fx-curated-country") { name ... on Country { iso2 } } }`;
    expect((await gql(entityQuery)).data?.entity).toEqual({ name: 'Curatia', iso2: 'QQ' });
    const again = await gql(upsert, { input: entity }, curate);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const edited = await gql(
      upsert,
      {
        input: {
          ...entity,
          props: { ...entity.props, iso2: 'QX' },
          version: added.data?.upsertEntity.version,
        },
      },
      curate,
    );
    expect(edited.errors).toBeUndefined();
    expect((await gql(entityQuery)).data?.entity).toEqual({ name: 'Curatia', iso2: 'QX' });
    const stale = await gql(
      upsert,
      { input: { ...entity, version: added.data?.upsertEntity.version } },
      curate,
    );
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    await gql(undo, { id: edited.data?.upsertEntity.event.id }, curate);
    await gql(undo, { id: added.data?.upsertEntity.event.id }, curate);
    expect((await gql(entityQuery)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('createSource and kb:new', () => {
  const create = `mutation($input: CreateSourceInput!, $dryRun: Boolean) {
    createSource(input: $input, dryRun: $dryRun) { dryRun fact event { id action after } } }`;
  const text = 'บันทึกการประชุม\n\n1. ประเทศไทยเสนอให้จัดตั้งคณะทำงานว่าด้วยการหลอกลวงออนไลน์\n';
  const newSource = { id: 'fx-meeting-record', titleTh: 'บันทึกการประชุมทดสอบ', date: '2024-03-12', text };
  const filesOf = (id: string) =>
    [`sources/${id}.txt`, `sources/${id}.meta.yaml`, `facts/${id}.yaml`].map((file) => join(dir, file));
  const sourceQuery = `{ entity(id: "fx-meeting-record") { name ... on Source { date language } } }`;

  it('adds a document whose facts cite it, and undo removes it once its facts are retracted', async () => {
    const preview = await gql(create, { input: newSource, dryRun: true }, curate);
    expect(preview.data?.createSource).toMatchObject({ dryRun: true, fact: 'fx-meeting-record' });
    expect(filesOf('fx-meeting-record').filter(existsSync)).toEqual([]);

    const created = await gql(create, { input: newSource }, curate);
    expect(created.errors).toBeUndefined();
    expect(created.data?.createSource.event).toMatchObject({ action: 'createSource' });
    expect(created.data?.createSource.event.after).toContain('titleTh: บันทึกการประชุมทดสอบ');
    expect(readFileSync(join(dir, 'sources', 'fx-meeting-record.txt'), 'utf8')).toBe(text);
    expect((await gql(sourceQuery)).data?.entity).toEqual({
      name: 'บันทึกการประชุมทดสอบ',
      date: '2024-03-12',
      language: 'th',
    });
    const again = await gql(create, { input: newSource }, curate);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const relation = {
      type: 'PROPOSED',
      from: 'thailand',
      to: 'wg-as',
      source: 'fx-meeting-record',
      section: '1',
      quote: 'ประเทศไทยเสนอให้จัดตั้งคณะทำงาน',
    };
    const added = await gql(addRelation, { input: relation }, curate);
    expect(added.errors).toBeUndefined();
    const refused = await gql(undo, { id: created.data?.createSource.event.id }, curate);
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    await gql(undo, { id: added.data?.addRelation.event.id }, curate);

    const removed = await gql(undo, { id: created.data?.createSource.event.id }, curate);
    expect(removed.errors).toBeUndefined();
    expect(filesOf('fx-meeting-record').filter(existsSync)).toEqual([]);
    expect((await gql(sourceQuery)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses a bad id, date or empty text, and an id an entity has', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ id: 'Bad Id!' }, 'id'],
      [{ date: '12 March 2024' }, 'date'],
      [{ text: '  ' }, 'text'],
      [{ id: 'thailand' }, 'thailand'],
    ];
    for (const [change, message] of cases) {
      const answer = await gql(create, { input: { ...newSource, ...change } }, curate);
      expect(answer.errors?.[0]?.message, JSON.stringify(change)).toContain(message);
      expect(['BAD_USER_INPUT', 'CONFLICT']).toContain(answer.errors?.[0]?.extensions?.code);
    }
    expect(filesOf('fx-meeting-record').filter(existsSync)).toEqual([]);
    expect(filesOf('thailand').filter(existsSync)).toEqual([]);
  });

  it('kb:new scaffolds the same three files from standard input, and will not overwrite them', () => {
    const run = () =>
      spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'scripts/kb-new.ts',
          '--id',
          'fx-cli-source',
          '--title',
          'A CLI source',
          '--date',
          '2024-05-01',
        ],
        {
          input: 'The ministry met on 1 May 2024.\n',
          env: { ...process.env, KB_DATA_DIR: dir },
          encoding: 'utf8',
        },
      );
    const first = run();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const [textFile, metaFile, factsFile] = filesOf('fx-cli-source') as [string, string, string];
    expect(readFileSync(textFile, 'utf8')).toBe('The ministry met on 1 May 2024.\n');
    expect(readFileSync(metaFile, 'utf8')).toContain('titleEn: A CLI source');
    expect(readFileSync(factsFile, 'utf8')).toContain('source: fx-cli-source');
    const second = run();
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('exists already');
    for (const file of [textFile, metaFile, factsFile]) rmSync(file);
  });
});
