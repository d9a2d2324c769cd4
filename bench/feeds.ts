// npm run bench:feeds: the change feeds at 1,000 items. A copy of data/ (its release 2026-12) with
// 1,000 curation writes appended to its audit log after the release; the server answers
// GET /feeds/changes.atom?first=1000 and .json over HTTP, warm (the release's items are read once
// per process). The feed reads files only, so no Neo4j is started: a search (`q=`) would need one.
import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../src/db/database.ts';
import { dataDir } from '../src/facts/source-files.ts';
import { listen } from '../src/server.ts';
import { createApp, testOptions } from '../src/yoga.ts';
import { CURATED_REFERENCE } from '../test/helpers/resolution.ts';

const items = 1000;
const rounds = Number(process.env.ROUNDS ?? 30);
const dir = join(mkdtempSync(join(tmpdir(), 'bench-feeds-')), 'data');
cpSync(dataDir, dir, { recursive: true });
const { quote } = CURATED_REFERENCE;
for (let i = 0; i < items; i += 1) {
  const lines = `  - {type: REFERENCES, from: adgsom-5, to: thailand, n: ${i}, section: "5.2", quote: "${quote}"}\n`;
  const event = {
    id: `bench-${i}`,
    seq: i + 1,
    at: new Date(Date.UTC(2027, 0, 1, 0, 0, i)).toISOString(),
    actor: 'bench',
    tokenId: 'bench',
    action: 'addRelation',
    source: 'cabinet-resolution-2024-07-09-adgmin4',
    fact: `cabinet-resolution-2024-07-09-adgmin4#REFERENCES:adgsom-5:thailand:${i}`,
    entities: ['adgsom-5', 'thailand'],
    reason: null,
    before: null,
    after: lines,
    anchor: null,
    undoes: null,
  };
  appendFileSync(join(dir, 'audit.jsonl'), `${JSON.stringify(event)}\n`);
}
// Never asked: the feed of a whole graph or one entity reads the release files and the audit log.
const db = { close: async () => {} } as unknown as Database;
const app = createApp(db, { ...testOptions, dataDir: dir, tokensFile: join(dir, '..', 'tokens.json') });
const server = await listen(app, { port: 0 });
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function time(path: string) {
  const ms: number[] = [];
  let bytes = 0;
  let entries = 0;
  for (let i = 0; i < rounds + 3; i += 1) {
    const start = performance.now();
    const body = await (await fetch(`${base}${path}`)).text();
    if (i >= 3) ms.push(performance.now() - start); // 3 warm-up requests
    bytes = body.length;
    entries = (body.match(/<entry>|"_change"/g) ?? []).length;
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => (ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] as number).toFixed(1);
  console.log(
    `| ${path} | ${entries} | ${(bytes / 1024).toFixed(0)} KiB | ${at(0.5)} | ${at(0.95)} | ${at(1)} |`,
  );
}

console.log(`${rounds} requests each, after 3 warm-up\n`);
console.log('| request | items | size | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|---|');
await time('/feeds/changes.atom?first=1000');
await time('/feeds/changes.json?first=1000');
await time('/feeds/changes.atom?entity=asean&first=1000');
server.close();
server.closeAllConnections();
process.exit(0);
