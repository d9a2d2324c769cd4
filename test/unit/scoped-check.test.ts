import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScopedChecker } from '../../src/facts/scoped-check.ts';
import { dataDir, factsFileOf } from '../../src/facts/source-files.ts';
import { addInflatedSource } from '../helpers/inflated-source.ts';

const real = 'cabinet-resolution-2024-07-09-adgmin4';

describe('ScopedChecker', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'scoped-check-')), 'data');
  cpSync(dataDir, dir, { recursive: true });
  addInflatedSource(dir, 'inflated-record', 200 * 1024);
  const checker = new ScopedChecker();
  const text = readFileSync(factsFileOf(real, dir), 'utf8');
  const edited = (from: string, to: string) => new Map([[factsFileOf(real, dir), text.replace(from, to)]]);

  it('checks only the source written when no id it declares changes', () => {
    const files = edited('section: "5.2"', 'section: "5.2 "');
    const result = checker.check(dir, real, files);
    expect(result).toMatchObject({ checked: [real], problems: [] });
    expect(result.facts?.meta.id).toBe(real);
  });

  it('checks the sources that name an id a write changes, and reports what breaks there', () => {
    // `thailand` made an Organization no longer checks in its own file (iso2), so the inflated
    // source, which names it in its relations, no longer resolves it either.
    const result = checker.check(
      dir,
      real,
      edited('  - id: thailand\n    type: Country', '  - id: thailand\n    type: Organization'),
    );
    expect(result.checked).toEqual([real, 'inflated-record']);
    const inflated = result.problems.filter((problem) => problem.file.endsWith('inflated-record.yaml'));
    expect(inflated[0]?.reason).toContain('"thailand" is not declared by any facts file');
  });
});
