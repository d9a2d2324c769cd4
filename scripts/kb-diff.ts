// npm run kb:diff -- FROM [TO] [--json]
// What changed from release FROM to release TO, or to the graph as it is now (NEO4J_URI, or the
// local Neo4j): entities, relations and claims added, removed and changed, with their citations.
import { parseArgs } from 'node:util';
import { readConfig } from '../src/config.ts';
import { DomainError } from '../src/errors.ts';
import { dataDir as defaultDataDir } from '../src/facts/source-files.ts';
import type { Change, Diff } from '../src/releases/diff.ts';
import { ReleaseService } from '../src/releases/release-service.ts';
import { withDatabase } from './with-database.ts';

const { values, positionals } = parseArgs({ options: { json: { type: 'boolean' } }, allowPositionals: true });
const [from, to] = positionals;
if (!from || positionals.length > 2) {
  console.error('Usage: npm run kb:diff -- FROM [TO] [--json]');
  process.exit(2);
}

const show = (value: unknown) => JSON.stringify(value);
const cite = (claim: { source: string; section: string; quote: string }) =>
  `${claim.source} §${claim.section}: "${claim.quote}"`;
const sign = { added: '+', removed: '-', changed: '~' } as const;

function describe(change: Change): string[] {
  const ends = change.kind === 'relation' ? ` ${change.from} → ${change.to}` : '';
  return [
    `${sign[change.change]} ${change.kind} ${change.id} (${change.type}${ends})`,
    ...(change.change === 'changed'
      ? change.values.map((v) => `    ${v.name}: ${show(v.before)} → ${show(v.after)}`)
      : []),
    ...change.claimsAdded.map((claim) => `    + claim ${cite(claim)}`),
    ...change.claimsRemoved.map((claim) => `    - claim ${cite(claim)}`),
    ...change.claimsChanged.map(
      ({ before, after }) => `    ~ claim ${cite(before)}\n          now ${cite(after)}`,
    ),
  ];
}

function report(diff: Diff): string {
  const to = diff.to ? `release ${diff.to.id} (${diff.to.recordedAt.slice(0, 10)})` : 'the graph now';
  const count = (kind: keyof Diff['counts']) =>
    `${kind}: ${diff.counts[kind].added} added, ${diff.counts[kind].removed} removed, ${diff.counts[kind].changed} changed`;
  return [
    `From release ${diff.from.id} (${diff.from.recordedAt.slice(0, 10)}, version ${diff.from.version}) to ${to} (version ${diff.toVersion})`,
    `${count('entities')}; ${count('relations')}; ${count('claims')}`,
    ...diff.changes.flatMap(describe),
  ].join('\n');
}

await withDatabase(async (db) => {
  try {
    const diff = await new ReleaseService(db, readConfig().dataDir ?? defaultDataDir).diff(from, to);
    console.log(values.json ? JSON.stringify(diff, null, 2) : report(diff));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error(`kb:diff: ${error.message}`);
    process.exitCode = 1;
  }
});
