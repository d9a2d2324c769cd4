import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAllSources } from '../../src/loader/load-all.ts';
import { type Answer, apiFixture } from '../helpers/api.ts';
import { loadKnowledgeBase, RESOLUTION, resolutionDir } from '../helpers/knowledge-base.ts';

/**
 * Issue 36, point 1: minutes of the 1st WG-AS meeting (synthetic, test/fixtures/wg-as-minutes,
 * dated 13 March 2024, no rank) join the resolution of 9 July 2024, which repeats February's plan
 * ("planned for March 2024", asOf 2024-02-02 in data/). What happened is shown, and the timeline
 * agrees. A later summary that dates the meeting only to the month (test/fixtures/
 * wg-as-vague-summary) makes kb:plan warn and propose the fix.
 */
const MINUTES = 'synthetic-wg-as-1-minutes';
const SUMMARY = 'synthetic-wg-as-1-summary';

let api: Awaited<ReturnType<typeof apiFixture>>;

const data = (query: string) => api.data(query);

beforeAll(async () => {
  api = await apiFixture();
});
afterAll(() => api.close());

describe('minutes of the meeting join the resolution, with no rank', () => {
  beforeAll(() => loadKnowledgeBase(api.db, resolutionDir('wg-as-minutes')));

  it('shows the meeting held on 12–13 March 2024', async () => {
    const { entity } = await data(`{
      entity(id: "wg-as-1") {
        properties conflicts
        claims(property: "status") { value preferred rank asOf provenance { source { id } } }
      }
    }`);
    expect(entity.properties).toMatchObject({
      status: 'held',
      startDate: '2024-03-12',
      endDate: '2024-03-13',
      datePrecision: 'day',
      city: 'Siem Reap',
    });
    expect(entity.conflicts).toEqual(expect.arrayContaining(['status', 'startDate', 'endDate']));
    // Most recent source first; the resolution's claim says which day it describes.
    expect(entity.claims).toEqual([
      {
        value: 'planned',
        preferred: false,
        rank: 'NORMAL',
        asOf: '2024-02-02',
        provenance: { source: { id: RESOLUTION } },
      },
      {
        value: 'held',
        preferred: true,
        rank: 'NORMAL',
        asOf: '2024-03-13',
        provenance: { source: { id: MINUTES } },
      },
    ]);
  });

  it('tells the history in the order of the dates it describes, on the entity and the timeline', async () => {
    const expected = [
      ['planned for March 2024', '2024-02-02', '2024-07-09', RESOLUTION],
      ['held 12–13 March 2024', '2024-03-13', '2024-03-13', MINUTES],
    ];
    const steps = (history: Answer[]) =>
      history.map((step) => [step.summary, step.asOf, step.sourceDate, step.provenance.source.id]);
    const { entity } = await data(
      '{ entity(id: "wg-as-1") { history { summary asOf sourceDate provenance { source { id } } } } }',
    );
    expect(steps(entity.history)).toEqual(expected);

    const { timeline } = await data(`{
      timeline(window: {from: "2024-03-01", to: "2024-03-31"}) {
        date endDate kind entity { id } history { summary asOf sourceDate provenance { source { id } } }
      }
    }`);
    const meeting = timeline.find((event: Answer) => event.entity?.id === 'wg-as-1');
    expect(meeting).toMatchObject({ date: '2024-03-12', endDate: '2024-03-13', kind: 'MEETING' });
    expect(steps(meeting.history)).toEqual(expected);
  });

  it('keeps the resolution alone as it was', async () => {
    await loadKnowledgeBase(api.db, resolutionDir());
    const { entity } = await data('{ entity(id: "wg-as-1") { properties conflicts history { summary } } }');
    expect(entity.properties).toMatchObject({
      status: 'planned',
      startDate: '2024-03-01',
      datePrecision: 'month',
    });
    expect(entity.conflicts).toEqual([]);
    expect(entity.history).toEqual([]);
  });
});

describe('a later summary that dates the meeting to the month only', () => {
  let dir: string;
  beforeAll(async () => {
    await loadKnowledgeBase(api.db, resolutionDir('wg-as-minutes'));
    dir = resolutionDir('wg-as-minutes', 'wg-as-vague-summary');
  });

  it('makes kb:plan warn, naming both sources and the asOf or rank that fixes it', async () => {
    const { changes, failed } = await loadAllSources(api.db, dir, { dryRun: true });
    expect(failed).toEqual([]);
    const summary = changes.find((change) => change.source === SUMMARY);
    expect(summary?.warnings).toEqual([
      expect.objectContaining({
        entity: 'wg-as-1',
        properties: ['startDate', 'endDate', 'datePrecision'],
        shown: { source: SUMMARY, sourceDate: '2024-08-01', asOf: '2024-08-01' },
        loses: { source: MINUTES, sourceDate: '2024-03-13', asOf: '2024-03-13' },
      }),
    ]);
    expect(summary?.warnings[0]?.fix).toBe(
      `if ${SUMMARY} restates an earlier statement, give its claim \`asOf: "2024-03-12"\` (or the earlier day it describes); otherwise rank ${MINUTES}'s claim \`rank: {startDate: preferred, endDate: preferred, datePrecision: preferred}\``,
    );
    // A plan writes nothing.
    const { entity } = await data('{ entity(id: "wg-as-1") { properties } }');
    expect(entity.properties).toMatchObject({ startDate: '2024-03-12', datePrecision: 'day' });
  });

  it('shows the minutes’ days once the summary says which day it describes', async () => {
    const file = join(dir, 'facts', `${SUMMARY}.yaml`);
    const yaml = readFileSync(file, 'utf8');
    writeFileSync(file, yaml.replace('    section: "1"', '    asOf: "2024-03-12"\n    section: "1"'));
    const { changes, failed } = await loadAllSources(api.db, dir);
    expect(failed).toEqual([]);
    expect(changes.find((change) => change.source === SUMMARY)?.warnings).toEqual([]);
    const { entity } = await data('{ entity(id: "wg-as-1") { properties } }');
    expect(entity.properties).toMatchObject({
      status: 'held',
      startDate: '2024-03-12',
      endDate: '2024-03-13',
      datePrecision: 'day',
    });
  });

  it('refuses an asOf after the source’s date', async () => {
    const file = join(dir, 'facts', `${SUMMARY}.yaml`);
    writeFileSync(file, readFileSync(file, 'utf8').replace('asOf: "2024-03-12"', 'asOf: "2024-08-02"'));
    const { failed } = await loadAllSources(api.db, dir, { dryRun: true });
    expect(failed.flatMap((failure) => failure.problems)).toEqual([
      expect.objectContaining({
        at: 'entity wg-as-1',
        reason: "asOf 2024-08-02 is after the source's date 2024-08-01",
      }),
    ]);
  });
});
