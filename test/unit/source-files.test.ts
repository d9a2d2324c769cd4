import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkAllSources, checkSources } from '../../src/facts/check-sources.ts';
import { FactsInvalidError } from '../../src/facts/source-facts.ts';
import { readSource } from '../../src/facts/source-files.ts';
import { DEFAULT_MAX_FACTS_BYTES, invalidUtf8Offset, maxFactsBytes } from '../../src/facts/utf8-file.ts';
import { fixtureDoc, toYaml, writeFixtureSource } from '../fixtures/small-source.ts';

let dir: string;
const bom = Buffer.from([0xef, 0xbb, 0xbf]);
const factsFile = () => join(dir, 'facts', 'fixture-source.yaml');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-graph-sources-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('reading the files of a source', () => {
  it('refuses bytes that are not UTF-8, naming the file and the offset of the first bad byte', () => {
    const yaml = Buffer.from(toYaml(fixtureDoc()));
    const at = yaml.indexOf('Ruritania');
    // "Ruritania" with a Latin-1 "é" (0xE9), as a non-UTF-8 editor would save it.
    writeFixtureSource(
      dir,
      fixtureDoc(),
      Buffer.concat([yaml.subarray(0, at), Buffer.from([0xe9]), yaml.subarray(at)]),
    );
    const { problems } = readSource('fixture-source', dir);
    const line = yaml.subarray(0, at).toString().split('\n').length;
    expect(problems).toEqual([
      {
        file: factsFile(),
        at: `byte ${at} (line ${line})`,
        reason: expect.stringMatching(/^is not UTF-8: byte 0xE9 does not start a UTF-8 character/),
      },
    ]);
  });

  it('checks the source text and the metadata too', () => {
    writeFixtureSource(dir, fixtureDoc());
    const text = join(dir, 'sources', 'fixture-source.txt');
    writeFileSync(text, Buffer.concat([readFileSync(text), Buffer.from([0xe0, 0xb8])])); // a cut-off Thai letter
    const { problems } = readSource('fixture-source', dir);
    expect(problems).toEqual([
      expect.objectContaining({ file: text, reason: expect.stringMatching(/^is not UTF-8/) }),
    ]);
  });

  it('drops a leading byte-order mark, so no name starts with U+FEFF', () => {
    writeFixtureSource(dir, fixtureDoc(), Buffer.concat([bom, Buffer.from(toYaml(fixtureDoc()))]));
    const meta = join(dir, 'sources', 'fixture-source.meta.yaml');
    writeFileSync(meta, Buffer.concat([bom, readFileSync(meta)]));
    const text = join(dir, 'sources', 'fixture-source.txt');
    writeFileSync(text, Buffer.concat([bom, readFileSync(text)]));
    const { facts, problems } = readSource('fixture-source', dir);
    expect(problems).toEqual([]);
    expect(facts.meta.titleEn).toBe('Fixture resolution');
    expect(facts.text.startsWith('Fixture')).toBe(true);
    expect(JSON.stringify(facts)).not.toContain('\uFEFF');
  });

  it('refuses U+FEFF anywhere but at the start', () => {
    const yaml = toYaml(fixtureDoc()).replace('name: Freedonia', 'name: \uFEFFFreedonia');
    writeFixtureSource(dir, fixtureDoc(), yaml);
    const offset = Buffer.byteLength(yaml.slice(0, yaml.indexOf('\uFEFF')));
    expect(readSource('fixture-source', dir).problems).toEqual([
      expect.objectContaining({
        file: factsFile(),
        at: expect.stringMatching(new RegExp(`^byte ${offset} `)),
      }),
    ]);
  });

  it('refuses a file over the size limit before reading it', () => {
    writeFixtureSource(dir, fixtureDoc());
    const size = readFileSync(factsFile()).length;
    expect(readSource('fixture-source', dir, { maxBytes: size }).problems).toEqual([]);
    expect(readSource('fixture-source', dir, { maxBytes: size - 1 }).problems).toEqual([
      {
        file: factsFile(),
        at: 'file',
        reason: expect.stringMatching(
          new RegExp(`^is ${size} bytes .* over the limit of ${size - 1} \\(KB_MAX_FACTS_BYTES\\)`),
        ),
      },
    ]);
  });

  it('reads the limit from KB_MAX_FACTS_BYTES, 32 MiB by default', () => {
    expect(maxFactsBytes({})).toBe(32 * 1024 * 1024);
    expect(maxFactsBytes({ KB_MAX_FACTS_BYTES: '' })).toBe(DEFAULT_MAX_FACTS_BYTES);
    expect(maxFactsBytes({ KB_MAX_FACTS_BYTES: '1048576' })).toBe(1048576);
    expect(() => maxFactsBytes({ KB_MAX_FACTS_BYTES: '32M' })).toThrow(
      /KB_MAX_FACTS_BYTES must be a whole number/,
    );
    expect(() => maxFactsBytes({ KB_MAX_FACTS_BYTES: '0' })).toThrow(/KB_MAX_FACTS_BYTES/);
  });
});

describe('invalidUtf8Offset', () => {
  it('finds the first byte where a strict decoder fails', () => {
    const cases: Array<[number[], number]> = [
      [[0x61, 0xe0, 0xb8, 0x81], -1], // "a" and Thai ko kai
      [[0x61, 0xc0, 0xaf], 1], // overlong "/"
      [[0xed, 0xa0, 0x80], 0], // a surrogate
      [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
      [[0x61, 0x62, 0xe0, 0xb8], 2], // cut off at the end
      [[0x80], 0], // a continuation byte alone
    ];
    for (const [bytes, offset] of cases) expect(invalidUtf8Offset(Uint8Array.from(bytes))).toBe(offset);
  });

  it('agrees with TextDecoder on random bytes', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 2000; run++) {
      // Mostly valid lead and continuation bytes, so that long valid runs occur.
      const bytes = Uint8Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
        random() < 0.5 ? 0x80 + Math.floor(random() * 64) : Math.floor(random() * 256),
      );
      const offset = invalidUtf8Offset(bytes);
      const decodes = (part: Uint8Array) => {
        try {
          decoder.decode(part);
          return true;
        } catch {
          return false;
        }
      };
      expect(offset === -1).toBe(decodes(bytes));
      if (offset !== -1) expect(decodes(bytes.subarray(0, offset))).toBe(true);
    }
  });
});

describe('a source id may not be an entity id', () => {
  it('fails the source named like an entity of any file, and only that source', () => {
    writeFixtureSource(dir, fixtureDoc());
    const clash = fixtureDoc('fx-freedonia'); // Freedonia is an entity of fixture-source
    clash.entities = clash.entities.filter((entity) => entity.id === 'fx-ruritania');
    clash.relations = [];
    writeFixtureSource(dir, clash);
    const { valid, failed } = checkSources(dir);
    expect(valid.map((facts) => facts.meta.id)).toEqual(['fixture-source']);
    expect(failed).toEqual([
      {
        source: 'fx-freedonia',
        problems: [
          {
            file: join(dir, 'facts', 'fx-freedonia.yaml'),
            at: 'source',
            reason: expect.stringContaining(
              '"fx-freedonia" is also the id of an entity (in facts/fixture-source.yaml)',
            ),
          },
        ],
      },
    ]);
  });

  it('catches a source that declares its own id as an entity', () => {
    const doc = fixtureDoc();
    doc.entities.push({
      id: 'fixture-source',
      type: 'Document',
      name: 'Itself',
      section: '1',
      quote: 'Fixture resolution',
    });
    writeFixtureSource(dir, doc);
    expect(checkSources(dir).failed[0]?.problems.map((problem) => problem.at)).toEqual(['source']);
  });

  it('fails kb:check (checkAllSources throws) while the loader would still get the good sources', () => {
    writeFixtureSource(dir, fixtureDoc());
    writeFixtureSource(dir, fixtureDoc('fixture-broken'), 'source: fixture-broken\nentities: [unclosed');
    expect(checkSources(dir).valid.map((facts) => facts.meta.id)).toEqual(['fixture-source']);
    expect(() => checkAllSources(dir)).toThrow(FactsInvalidError);
    expect(() => checkAllSources(dir)).toThrow(/fixture-broken\.yaml: file: is not valid YAML/);
  });
});
