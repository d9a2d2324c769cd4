// Writes a large facts file for measuring the validator: the real source's entities and relations
// copied with renamed ids until the file reaches the size asked for. Usage:
//   tsx bench/big-facts.ts <out-dir> <MiB>   then   /usr/bin/time -v npx tsx scripts/kb-check.ts <out-dir>
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { dataDir, listSourceIds } from '../src/facts/source-files.ts';

const [outDir, mib = '50'] = process.argv.slice(2);
if (!outDir) throw new Error('usage: tsx bench/big-facts.ts <out-dir> <MiB>');
const [id] = listSourceIds();
if (!id) throw new Error('no source in data/');
const target = Number(mib) * 1024 * 1024;
const doc = parse(readFileSync(join(dataDir, 'facts', `${id}.yaml`), 'utf8')) as {
  entities: Array<Record<string, unknown>>;
  relations: Array<Record<string, unknown>>;
};
mkdirSync(join(outDir, 'sources'), { recursive: true });
mkdirSync(join(outDir, 'facts'), { recursive: true });
for (const ext of ['txt', 'meta.yaml'])
  copyFileSync(join(dataDir, 'sources', `${id}.${ext}`), join(outDir, 'sources', `${id}.${ext}`));

const copyOf = (n: number) => {
  const rename = (value: unknown) => `${String(value)}-${n}`;
  return {
    entities: doc.entities.map((entity) => ({ ...entity, id: rename(entity.id) })),
    relations: doc.relations.map((relation) => ({
      ...relation,
      from: rename(relation.from),
      to: rename(relation.to),
    })),
  };
};
const perCopy = Buffer.byteLength(stringify(copyOf(0)));
const copies = Math.max(1, Math.round(target / perCopy));
const fd = openSync(join(outDir, 'facts', `${id}.yaml`), 'w');
writeSync(fd, `source: ${id}\nentities:\n`);
for (let n = 0; n < copies; n++) writeSync(fd, stringify(copyOf(n).entities));
writeSync(fd, 'relations:\n');
// Relations one per line in flow style, as the real file writes them.
for (let n = 0; n < copies; n++) {
  const lines = copyOf(n).relations.map(
    (relation) => `  - ${stringify(relation, { collectionStyle: 'flow', lineWidth: 0 }).trim()}\n`,
  );
  writeSync(fd, lines.join(''));
}
closeSync(fd);
console.log(
  `${copies} copies of ${id}: ${copies * doc.entities.length} entities, ${copies * doc.relations.length} relations`,
);
