import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkSources } from '../facts/check-sources.ts';
import { harvestPairs } from './harvest.ts';
import type { LexEntity, LexiconData } from './lexicon.ts';
import { type RelationWords, relationWordsOf } from './relations.ts';

/**
 * What suggestions know, read from the knowledge base's files, so that `kb:suggest` needs no
 * database: the entities every valid facts file declares, the glossary (data/glossary.yaml and
 * the sources' own "Long Form (ABBR)" brackets), data/demonyms.yaml, data/not-names.yaml and
 * data/relation-words.yaml.
 * Read again only when one of those files changes.
 */
let cached: { dir: string; stamp: string; data: KnowledgeFiles } | undefined;

export interface KnowledgeFiles extends LexiconData {
  relationWords: RelationWords[];
}

export function lexiconDataFor(dir: string): KnowledgeFiles {
  const stamp = stampOf(dir);
  if (cached?.dir === dir && cached.stamp === stamp) return cached.data;
  const { valid } = checkSources(dir);
  const byId = new Map<string, LexEntity>();
  const glossary: string[][] = [];
  for (const facts of valid) {
    glossary.push(...harvestPairs(facts.text.normalize('NFC')));
    for (const entity of facts.entities) {
      const props = entity.props;
      const aliases = Array.isArray(props.aliases) ? props.aliases.map(String) : [];
      const held = byId.get(entity.id);
      if (held) {
        held.aliases = [...new Set([...held.aliases, ...aliases])];
        continue;
      }
      byId.set(entity.id, {
        id: entity.id,
        type: entity.type,
        name: String(props.name ?? entity.id),
        ...(typeof props.nameTh === 'string' ? { nameTh: props.nameTh } : {}),
        ...(typeof props.iso2 === 'string' ? { iso2: props.iso2 } : {}),
        aliases,
      });
    }
  }
  const data: KnowledgeFiles = {
    entities: [...byId.values()],
    glossary: [...listsOf(readYaml(dir, 'glossary.yaml')), ...glossary],
    demonyms: demonymsOf(readYaml(dir, 'demonyms.yaml')),
    notNames: notNamesOf(readYaml(dir, 'not-names.yaml')),
    relationWords: relationWordsOf(readYaml(dir, 'relation-words.yaml')),
  };
  cached = { dir, stamp, data };
  return data;
}

/** Size and time of every file the lexicon is read from. */
function stampOf(dir: string): string {
  const files = ['glossary.yaml', 'demonyms.yaml', 'not-names.yaml', 'relation-words.yaml'].map((file) =>
    join(dir, file),
  );
  for (const sub of ['facts', 'sources']) {
    const folder = join(dir, sub);
    if (existsSync(folder))
      for (const name of readdirSync(folder).sort())
        if (name.endsWith('.yaml') || name.endsWith('.txt')) files.push(join(folder, name));
  }
  return files
    .map((file) => {
      if (!existsSync(file)) return `${file}:-`;
      const stat = statSync(file);
      return `${file}:${stat.size}:${stat.mtimeMs}`;
    })
    .join('\n');
}

function readYaml(dir: string, file: string): unknown {
  const path = join(dir, file);
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  if (text.length > 1024 * 1024) throw new Error(`${file} is larger than 1 MiB`);
  return parse(text) ?? undefined;
}

function stringsOf(value: unknown, file: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item.trim()))
    throw new Error(`${file} must be a list of names`);
  return value as string[];
}

const notNamesOf = (value: unknown) => (value === undefined ? [] : stringsOf(value, 'not-names.yaml'));

function listsOf(value: unknown): string[][] {
  return Array.isArray(value) ? value.filter(Array.isArray).map((entry) => entry.map(String)) : [];
}

function demonymsOf(value: unknown): Record<string, string[]> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('demonyms.yaml must map country ids to lists of words, such as thailand: [Thai, Thais]');
  const out: Record<string, string[]> = {};
  for (const [id, words] of Object.entries(value)) out[id] = stringsOf(words, `demonyms.yaml (${id})`);
  return out;
}
