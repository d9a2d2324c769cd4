import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every repository path the README and docs/ name must exist, and the README's folder map must
// match the tree, so that a moved or deleted file cannot leave a newcomer a dead end.
const root = join(import.meta.dirname, '../..');
const roots = ['src', 'test', 'scripts', 'docs', 'bench', 'data', 'web', 'cypher', 'schema', 'tools'];
// A path named in prose: one of the roots, not inside a longer word or path (`.data/`, `dist/web`).
const pathPattern = new RegExp(`(?<![\\w./@-])(?:${roots.join('|')})/[^\\s\`'"()<>\\[\\],;]*`, 'g');

/** Files the product writes when it runs, named in the docs but not in the repository. */
const writtenAtRunTime = ['data/audit.jsonl', 'data/suggestions'];

function markdownFiles(): string[] {
  const docs = readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => join('docs', file));
  return ['README.md', ...docs.sort()];
}

/** A path up to its first placeholder segment: `data/sources/<id>.txt`, `ID.json`, `…/x.java`. */
function checkable(path: string): string {
  const segments = path
    .replace(/[.:]+$/, '')
    .replace(/:\d+$/, '')
    .split('/');
  const end = segments.findIndex((segment) => /[<>…*{}]|^[A-Z][A-Z0-9_]*(\.|$)/.test(segment));
  return segments
    .slice(0, end < 0 ? undefined : end)
    .join('/')
    .replace(/\/$/, '');
}

/** Paths named in prose or code (`src/…`) and relative link targets (`guides/x.md`), each with its line. */
function namedPaths(file: string): { path: string; line: number }[] {
  const found: { path: string; line: number }[] = [];
  readFileSync(join(root, file), 'utf8')
    .split('\n')
    .forEach((text, index) => {
      for (const [match] of text.matchAll(pathPattern))
        found.push({ path: checkable(match), line: index + 1 });
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (!target || /^(?:[a-z]+:|#)/.test(target)) continue;
        const path = relative(root, join(root, dirname(file), target.replace(/#.*$/, '')));
        found.push({ path: checkable(path), line: index + 1 });
      }
    });
  return found;
}

/** The folder map's rows: the paths of the first column, and the whole row's text. */
function folderMap(): { paths: string[]; row: string }[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Folder map'));
  const table = section.slice(0, section.search(/\n#{2,3} /) + 1 || undefined);
  return [...table.matchAll(/^\| ([^|]+) \|(.*)$/gm)]
    .map(([row, cell]) => ({
      paths: [...(cell ?? '').matchAll(/`([^`]+)`/g)].map(([, path]) => (path ?? '').replace(/\/$/, '')),
      row: row ?? '',
    }))
    .filter(({ paths }) => paths.length);
}

const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((file) => file && existsSync(join(root, file)));

describe('paths named in the README and docs/', () => {
  it.each(markdownFiles())('%s names only paths that exist', (file) => {
    const missing = namedPaths(file)
      .filter(({ path }) => path && !writtenAtRunTime.includes(path))
      .filter(({ path }) => !existsSync(join(root, path)))
      .map(({ path, line }) => `${file}:${line} ${path}`);
    expect(missing).toEqual([]);
  });
});

describe('docs named in code, data and the schema', () => {
  // Comments and descriptions point readers at docs/ too; a moved page must not leave them behind.
  it('name only docs pages that exist', () => {
    const where = tracked.filter(
      (file) => /^(src|scripts|bench|test|web\/src|data)\//.test(file) && /\.(ts|ya?ml)$/.test(file),
    );
    const missing = [...where, 'schema/schema.graphql'].flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/docs\/[\w/-]+\.md/g)]
        .map(([path]) => path)
        .filter((path) => !existsSync(join(root, path)))
        .map((path) => `${file}: ${path}`),
    );
    expect(missing).toEqual([]);
  });
});

describe("the README's folder map", () => {
  const entries = folderMap().flatMap(({ paths }) => paths);

  it('names only paths that exist', () => {
    expect(entries.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });

  it('names every tracked top-level file and folder, and every folder and file at the top of src/', () => {
    const top = new Set(tracked.map((file) => file.split('/')[0] ?? ''));
    const src = new Set(
      tracked.filter((file) => file.startsWith('src/')).map((file) => file.split('/').slice(0, 2).join('/')),
    );
    const expected = [...top, ...src];
    const named = (path: string) => entries.some((entry) => entry === path || entry.startsWith(`${path}/`));
    expect(expected.filter((path) => !named(path)).sort()).toEqual([]);
  });

  it('names every file of src/schema/types/', () => {
    const { row = '' } = folderMap().find(({ paths }) => paths[0] === 'src/schema/types') ?? {};
    const types = tracked
      .filter((file) => file.startsWith('src/schema/types/'))
      .map((file) => file.slice('src/schema/types/'.length).replace(/\.ts$/, ''));
    expect(types.filter((type) => !row.includes(`\`${type}\``))).toEqual([]);
  });
});
