/**
 * How long each string of the knowledge base may be, in characters (UTF-16 code units, so at most
 * 3 bytes each in UTF-8), and how many aliases an entity may have. One table for facts files
 * (`kb:check`), sources' metadata and the curation mutations, which write facts files and are
 * checked as they are; docs/design/limits.md lists it. Bounded, a value always fits Neo4j's index keys
 * (8 KB) and an error message can name it. Every value in data/ fits with room to spare: the
 * longest Thai name is 245 characters, the longest quote 428, the most aliases 5.
 */
export const limits = {
  id: { max: 120, of: 'ids (entities, sources, the ends of relations, sameAs)' },
  name: { max: 500, of: 'names (name, nameTh)' },
  title: { max: 1_000, of: 'source titles (titleEn, titleTh)' },
  alias: { max: 200, of: 'each alias' },
  aliases: { max: 50, of: 'aliases of an entity in one source' },
  description: { max: 2_000, of: 'descriptions (description, descriptionTh, addedWording)' },
  value: { max: 500, of: 'other property and qualifier values (kind, city, role, note, issuer…)' },
  url: { max: 2_000, of: 'URLs' },
  section: { max: 100, of: 'sections' },
  quote: { max: 2_000, of: 'quotes' },
  key: { max: 120, of: 'relation keys' },
  reason: { max: 2_000, of: 'reasons given for a retraction' },
  version: { max: 64, of: 'fact versions' },
  fact: { max: 2_000, of: 'fact ids (<source>#<entity or relation id>)' },
} as const;

export type Limit = keyof typeof limits;

/** The limit of a property or qualifier's string values. */
export function limitOf(name: string): Limit {
  if (name === 'name' || name === 'nameTh') return 'name';
  if (name === 'aliases') return 'alias';
  if (name === 'description' || name === 'descriptionTh' || name === 'addedWording') return 'description';
  if (name === 'url') return 'url';
  return 'value';
}

/** Why `value` breaks `limit`, naming the limit; undefined when it fits. */
export function overLimit(what: string, value: string, limit: Limit): string | undefined {
  const { max, of } = limits[limit];
  if (value.length <= max) return undefined;
  return `${what} is ${value.length.toLocaleString('en')} characters long, over the limit of ${max.toLocaleString('en')} for ${of}`;
}

/** Why a list of aliases is too long, or undefined. */
export function tooManyAliases(count: number): string | undefined {
  const { max, of } = limits.aliases;
  return count <= max
    ? undefined
    : `aliases has ${count.toLocaleString('en')} items, over the limit of ${max} ${of}`;
}
