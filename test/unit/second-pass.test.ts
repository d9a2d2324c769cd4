import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import config, { noKnowledgeBase } from '../../vitest.config.ts';

// CI runs the tiers on Neo4j a second time with more sources in data/ (.ci/run, issue 32). Only
// the `standalone` files are left out, and only because they cannot read the knowledge base.
const repository = resolve(import.meta.dirname, '../..');
const projects = (config.test?.projects ?? []) as Array<{
  test: { name: string; include?: string[]; globalSetup?: string[]; env?: Record<string, string> };
}>;

/** The second `npx vitest run` in .ci/run, its continued lines joined, as a list of words. */
function secondPass(): string[] {
  const ci = readFileSync(join(repository, '.ci/run'), 'utf8');
  const after = ci.slice(ci.indexOf('cp -r "$extra/sources"'));
  const command = /npx vitest run(?:[^\n]*\\\n)*[^\n]*/.exec(after)?.[0] ?? '';
  return command.replace(/\\\n/g, ' ').split(/\s+/).filter(Boolean);
}

/** Helpers that load or copy the run's knowledge base, or reach the shared test Neo4j. */
const readsKnowledgeBase = [
  'api.ts',
  'knowledge-base.ts',
  'data-copy.ts',
  'database.ts',
  'suggest-fixture.ts',
];
const namesKnowledgeBase = [
  /\bdataDir\b[^;]*from '[./]*src\/facts\/source-files\.ts'/,
  /KB_DATA_DIR|kbDataDir/,
  // The loader and the facts files read data/ themselves.
  /from '[./]*src\/(loader\/|facts\/source-files\.ts)/,
];
/** What reaches the shared test Neo4j from a test file (database.ts and knowledge-base.ts are above). */
const reachesSharedNeo4j = /\binject\(|\brunScript\(/;

/** Test files, and the test helpers they import, transitively (relative imports under test/). */
function testFilesImported(file: string, seen = new Set<string>()): Set<string> {
  seen.add(file);
  for (const [, path] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
    const imported = resolve(dirname(file), path as string);
    if (imported.startsWith(join(repository, 'test')) && !seen.has(imported))
      testFilesImported(imported, seen);
  }
  return seen;
}

describe("CI's second pass, with more sources in data/", () => {
  it('runs every project on the shared Neo4j, whole', () => {
    const onNeo4j = projects
      .filter((project) => project.test.globalSetup?.includes('test/helpers/global-setup.ts'))
      .map((project) => project.test.name);
    expect(onNeo4j).toEqual(['integration', 'e2e']);
    // The whole command: an --exclude, a file filter, -t or --shard would narrow it.
    expect(secondPass()).toEqual(['npx', 'vitest', 'run', ...onNeo4j.flatMap((name) => ['--project', name])]);
  });

  it('leaves out only standalone files, which cannot read data/ and import nothing that does', () => {
    const standalone = projects.find((project) => project.test.name === 'standalone')?.test;
    expect(standalone?.include).toEqual(['test/standalone/**/*.test.ts']);
    expect(standalone?.env).toEqual({ KB_DATA_DIR: noKnowledgeBase });
    expect(standalone?.globalSetup).toBeUndefined();
    const files = readdirSync(join(repository, 'test/standalone')).filter((name) =>
      name.endsWith('.test.ts'),
    );
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const own = readFileSync(join(repository, 'test/standalone', name), 'utf8');
      expect(own, name).not.toMatch(reachesSharedNeo4j);
      for (const file of testFilesImported(join(repository, 'test/standalone', name))) {
        const where = `${name} imports ${relative(repository, file)}`;
        expect(readsKnowledgeBase, where).not.toContain(relative(join(repository, 'test/helpers'), file));
        const text = readFileSync(file, 'utf8');
        for (const pattern of namesKnowledgeBase) expect(text, where).not.toMatch(pattern);
      }
    }
  });
});
