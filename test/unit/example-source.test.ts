import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSources } from '../../src/facts/check-sources.ts';
import { dataDir } from '../../src/facts/source-files.ts';

// The worked example of docs/guides/add-a-source.md: the guide cannot rot while these pass.
const guide = join(import.meta.dirname, '../../docs/guides/add-a-source.md');
const example = join(import.meta.dirname, '../../docs/guides/example-source');
const id = 'example-digital-dialogue-2024';
const scratch = mkdtempSync(join(tmpdir(), 'example-source-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function blocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map(
    ([, body]) => body ?? '',
  );
}

describe('the example source of "Add a source in ten minutes"', () => {
  it('passes the facts checker on its own, with the counts the guide prints', () => {
    const { valid, failed } = checkSources(example);
    expect(failed).toEqual([]);
    expect(valid.map((facts) => [facts.meta.id, facts.entities.length, facts.relations.length])).toEqual([
      [id, 5, 4],
    ]);
    expect(readFileSync(guide, 'utf8')).toContain(`ok ${id}: 5 entities, 4 relations`);
  });

  it('passes beside the knowledge base: its shared ids keep their types, its new ids are new', () => {
    const dir = join(scratch, 'data');
    cpSync(dataDir, dir, { recursive: true });
    cpSync(example, dir, { recursive: true });
    const { valid, failed } = checkSources(dir);
    expect(failed).toEqual([]);
    expect(valid.map((facts) => facts.meta.id)).toContain(id);
  });

  it('is shown in the guide exactly as the files hold it', () => {
    const markdown = readFileSync(guide, 'utf8');
    const facts = readFileSync(join(example, `facts/${id}.yaml`), 'utf8');
    expect(blocks(markdown, 'yaml')).toContain(facts);
    const text = readFileSync(join(example, `sources/${id}.txt`), 'utf8');
    for (const line of blocks(markdown, 'text').join('').split('\n').filter(Boolean))
      expect(text).toContain(line);
  });
});
