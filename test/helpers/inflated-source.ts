import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { dataDir, listSourceIds } from '../../src/facts/source-files.ts';

/**
 * Adds a second source to the knowledge base in `dir` whose facts file is about `bytes` long:
 * the real source's text, and its entities and relations copied with renamed ids until the file
 * is that large. `thailand` is not copied: every copy cites the real source's, so the two
 * sources share an id as real ones do. Returns how many entities and relations it states.
 */
export function addInflatedSource(dir: string, id: string, bytes: number) {
  const [real] = listSourceIds(dataDir);
  if (!real) throw new Error('no source in data/');
  copyFileSync(join(dataDir, 'sources', `${real}.txt`), join(dir, 'sources', `${id}.txt`));
  writeFileSync(
    join(dir, 'sources', `${id}.meta.yaml`),
    'titleEn: An inflated copy of the Cabinet resolution (test)\ndate: 2024-07-10\nlanguage: th\n',
  );
  const doc = parse(readFileSync(join(dataDir, 'facts', `${real}.yaml`), 'utf8')) as {
    entities: Array<Record<string, unknown>>;
    relations: Array<Record<string, unknown>>;
  };
  const shared = new Set(['thailand']);
  const copyOf = (n: number) => {
    const rename = (value: unknown) => (shared.has(String(value)) ? String(value) : `${String(value)}-x${n}`);
    return {
      entities: doc.entities
        .filter((entity) => !shared.has(String(entity.id)))
        .map((entity) => ({ ...entity, id: rename(entity.id) })),
      // One line each, in flow style, as the hand-written file has them.
      relations: doc.relations.map(
        (relation) =>
          `  - ${stringify({ ...relation, from: rename(relation.from), to: rename(relation.to) }, { collectionStyle: 'flow', lineWidth: 0 }).trim()}\n`,
      ),
    };
  };
  const first = copyOf(0);
  const perCopy = Buffer.byteLength(stringify(first.entities) + first.relations.join(''));
  const copies = Math.max(1, Math.round(bytes / perCopy));
  const parts = Array.from({ length: copies }, (_, n) => copyOf(n));
  writeFileSync(
    join(dir, 'facts', `${id}.yaml`),
    [
      `source: ${id}\nentities:\n`,
      ...parts.map((part) => stringify(part.entities)),
      'relations:\n',
      ...parts.flatMap((part) => part.relations),
    ].join(''),
  );
  return {
    entities: copies * first.entities.length,
    relations: copies * first.relations.length,
  };
}
