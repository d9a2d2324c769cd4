import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import yazl from 'yazl';
import type { Database } from '../../src/db/database.ts';
import { dataDir } from '../../src/facts/source-files.ts';
import { characterErrorRate } from '../../src/import/cer.ts';
import { apiFixture, curationFixture, type GraphQLResponse } from '../helpers/api.ts';
import { testDatabase } from '../helpers/database.ts';
import { loadKnowledgeBase } from '../helpers/knowledge-base.ts';
import { collect, runScript } from '../helpers/scripts.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests read into answers by path, as a client would
type Json = any;

/**
 * `npm run kb:import` as a curator runs it, on the documents test/fixtures/documents/make.ts makes
 * from record.txt: every format into a copy of data/, every bad input refused with nothing
 * written, and an imported PDF's citations knowing their page.
 */
const documents = join(import.meta.dirname, '../fixtures/documents');
const truth = readFileSync(join(documents, 'record.txt'), 'utf8');

function freshData(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'kb-import-')), 'data');
  cpSync(dataDir, dir, { recursive: true });
  return dir;
}

function importFile(dir: string, file: string, args: string[] = [], env: Record<string, string> = {}) {
  return runScript('kb-import.ts', [file, ...args], { KB_DATA_DIR: dir, ...env });
}

function imported(dir: string, id: string) {
  return {
    text: readFileSync(join(dir, 'sources', `${id}.txt`), 'utf8'),
    meta: parse(readFileSync(join(dir, 'sources', `${id}.meta.yaml`), 'utf8')),
  };
}

const listing = (dir: string) => ['sources', 'facts'].flatMap((sub) => readdirSync(join(dir, sub))).sort();

describe('kb:import reads every format into a source', () => {
  const dir = freshData();

  it.each([
    ['record.txt', 'txt', 0],
    ['record.docx', 'docx', 0.003],
    ['record.pdf', 'pdf', 0.003],
  ])('%s', (file, extension, maxCer) => {
    const id = `import-${extension}`;
    const run = importFile(dir, join(documents, file), [
      '--id',
      id,
      '--date',
      '2024-07-09',
      '--title',
      'Record',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const { text, meta } = imported(dir, id);
    expect(characterErrorRate(truth, text)).toBeLessThanOrEqual(maxCer);
    const original = readFileSync(join(documents, file));
    expect(meta.original).toMatchObject({
      file,
      format: extension === 'txt' ? 'text' : extension,
      sha256: createHash('sha256').update(original).digest('hex'),
      stored: `${id}.${extension}`,
    });
    expect(readFileSync(join(dir, 'sources', `${id}.${extension}`)).equals(original)).toBe(true);
    expect(meta).toMatchObject({ titleEn: 'Record', date: '2024-07-09', language: 'th' });
  });

  it('keeps a web page main text, not its navigation, scripts or footer', () => {
    const run = importFile(dir, join(documents, 'record.html'), [
      '--id',
      'import-html',
      '--date',
      '2024-07-10',
    ]);
    expect(run.status).toBe(0);
    const { text, meta } = imported(dir, 'import-html');
    expect(
      characterErrorRate(readFileSync(join(documents, 'record.html.txt'), 'utf8'), text),
    ).toBeLessThanOrEqual(0.005);
    for (const boilerplate of [
      'หน้าแรก',
      'ติดต่อเรา',
      'ข่าวที่เกี่ยวข้อง',
      'นโยบายความเป็นส่วนตัว',
      'analytics',
      'โฆษณา',
    ])
      expect(text).not.toContain(boilerplate);
    // The page's title is the source's title when none is given.
    expect(meta.titleTh).toBe('ผลการประชุมรัฐมนตรีอาเซียนด้านดิจิทัล ครั้งที่ 4');
  });

  it('maps the pages of a PDF: where each starts, the path that read it and its quality', () => {
    const { text, meta } = imported(dir, 'import-pdf');
    expect(meta.pages.length).toBeGreaterThan(1);
    expect(meta.pages[0].start).toBe(0);
    for (const [index, page] of meta.pages.entries()) {
      expect(['text-layer', 'repaired-text-layer']).toContain(page.path);
      expect(page.quality).toBeGreaterThanOrEqual(0.97);
      if (index) expect(page.start).toBeGreaterThan(meta.pages[index - 1].start);
    }
    // Chromium's layer splits "เป็น" as "เป็ น"; the repaired text has none of that.
    expect(text).not.toMatch(/[ปฝฟ][\u0E31\u0E34-\u0E37\u0E47-\u0E4E]+ [\u0E01-\u0E2E]/u);
    expect(text).toContain('มีความจำเป็นต้องปรับเปลี่ยน');
  });

  it('reads a scanned page by OCR and says so', { timeout: 180_000 }, () => {
    const run = importFile(dir, join(documents, 'scan-page-1.pdf'), [
      '--id',
      'import-scan',
      '--date',
      '2024-07-09',
      '--title',
      'Scan',
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/page 1: ocr, quality \d\.\d{3}/);
    const { text, meta } = imported(dir, 'import-scan');
    expect(meta.pages).toEqual([{ start: 0, path: 'ocr', quality: expect.any(Number) }]);
    const layer = imported(dir, 'import-pdf');
    const firstPage = layer.text.slice(0, layer.meta.pages[1].start);
    expect(characterErrorRate(firstPage, text)).toBeLessThanOrEqual(0.04);
  });

  it('reads Markdown as text, and an image by OCR', { timeout: 180_000 }, () => {
    const scratch = mkdtempSync(join(tmpdir(), 'kb-import-formats-'));
    const markdown = join(scratch, 'notes.md');
    writeFileSync(markdown, `# บันทึก\n\n${truth}`);
    expect(importFile(dir, markdown, ['--id', 'import-md', '--date', '2024-07-09']).status).toBe(0);
    expect(imported(dir, 'import-md').meta.original).toMatchObject({
      format: 'text',
      stored: 'import-md.md',
    });
    expect(imported(dir, 'import-md').text).toBe(`# บันทึก\n\n${truth}`);

    const image = join(scratch, 'page');
    spawnSync('pdftoppm', [
      '-singlefile',
      '-r',
      '200',
      '-gray',
      '-png',
      join(documents, 'scan-page-1.pdf'),
      image,
    ]);
    const run = importFile(dir, `${image}.png`, [
      '--id',
      'import-png',
      '--date',
      '2024-07-09',
      '--title',
      'Page',
    ]);
    expect(run.status).toBe(0);
    const { text, meta } = imported(dir, 'import-png');
    expect(meta.original).toMatchObject({ format: 'image', stored: 'import-png.png' });
    expect(meta.pages).toEqual([{ start: 0, path: 'ocr', quality: expect.any(Number) }]);
    const layer = imported(dir, 'import-pdf');
    expect(characterErrorRate(layer.text.slice(0, layer.meta.pages[1].start), text)).toBeLessThanOrEqual(
      0.04,
    );
  });

  it('leaves a source that kb:check accepts', () => {
    const check = runScript('kb-check.ts', [], { KB_DATA_DIR: dir });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});

/** A Word file whose one part inflates to `bytes` of zeros: a zip bomb. */
async function zipBomb(bytes: number): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from('<Types/>'), '[Content_Types].xml');
  zip.addBuffer(Buffer.alloc(bytes), 'word/document.xml');
  zip.end();
  return Buffer.concat(await collect(zip.outputStream as AsyncIterable<Buffer>));
}

describe('kb:import refuses bad input, names the file and the problem, and writes nothing', () => {
  const dir = freshData();
  const before = listing(dir);
  const scratch = mkdtempSync(join(tmpdir(), 'kb-import-bad-'));
  const write = (name: string, bytes: Buffer | string) => {
    const file = join(scratch, name);
    writeFileSync(file, bytes);
    return file;
  };

  it.each([
    ['encrypted.pdf', () => join(documents, 'encrypted.pdf'), {}, /encrypted\.pdf: is an encrypted PDF/],
    ['truncated.pdf', () => join(documents, 'truncated.pdf'), {}, /truncated\.pdf: is not a readable PDF/],
    ['empty.pdf', () => write('empty.pdf', ''), {}, /empty\.pdf: is empty/],
    [
      'a PDF that is only a header',
      () => write('header.pdf', '%PDF-1.7\n%%EOF\n'),
      {},
      /header\.pdf: is not a readable PDF/,
    ],
    [
      'over KB_MAX_IMPORT_BYTES',
      () => join(documents, 'record.pdf'),
      { KB_MAX_IMPORT_BYTES: '1000' },
      /record\.pdf: is 64\d+ bytes, over the limit of 1000 \(KB_MAX_IMPORT_BYTES\)/,
    ],
    [
      'over the page cap',
      () => join(documents, 'record.pdf'),
      { KB_MAX_IMPORT_PAGES: '2' },
      /record\.pdf: has \d+ pages, over the limit of 2 \(KB_MAX_IMPORT_PAGES\)/,
    ],
    [
      'an old Word file',
      () => write('minutes.doc', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])),
      {},
      /minutes\.doc: is an old Word/,
    ],
    [
      'a binary of no known kind',
      () => write('blob.bin', Buffer.from([1, 2, 3, 0, 0, 0, 255])),
      {},
      /blob\.bin: is not a document this import reads/,
    ],
    [
      'a zip that is not Word',
      async () => write('archive.zip', await zipOf('notes.txt')),
      {},
      /archive\.zip: is a zip file but not a Word document/,
    ],
  ])('%s', async (_label, file, env, message) => {
    const run = importFile(
      dir,
      await file(),
      ['--id', 'bad-input', '--date', '2024-07-09', '--title', 'Bad'],
      env,
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(listing(dir)).toEqual(before);
  });

  it('a Word file that is a zip bomb', async () => {
    const bomb = write('bomb.docx', await zipBomb(300 * 1024 * 1024));
    expect(readFileSync(bomb).length).toBeLessThan(1024 * 1024);
    const run = importFile(dir, bomb, ['--id', 'bad-input', '--date', '2024-07-09', '--title', 'Bomb']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/bomb\.docx: inflates to more than 256 MiB \(a zip bomb\?\)/);
    expect(listing(dir)).toEqual(before);
  });

  it('a page no path can read fails the import, naming it', () => {
    // A scanned page with OCR given no time at all, and a blank page OCR finds nothing on.
    const env = { KB_OCR_PAGE_SECONDS: '1', KB_OCR_FILE_SECONDS: '1' };
    const scan = importFile(
      dir,
      join(documents, 'scan-page-1.pdf'),
      ['--id', 'bad-input', '--date', '2024-07-09', '--title', 'Scan'],
      env,
    );
    expect(scan.status).toBe(1);
    expect(scan.stderr).toMatch(/scan-page-1\.pdf: has no page any path can read: page 1 \(/);
    const blank = importFile(dir, join(documents, 'with-blank-page.pdf'), [
      '--id',
      'bad-input',
      '--date',
      '2024-07-09',
      '--title',
      'Blank',
    ]);
    expect(blank.status).toBe(1);
    expect(blank.stderr).toMatch(
      /with-blank-page\.pdf: no path can read page 2 \(OCR found no text on it\); import with --allow-missing-pages/,
    );
    expect(listing(dir)).toEqual(before);
  });

  it('--allow-missing-pages keeps the pages that read, and names the missing one in the meta', () => {
    const run = importFile(dir, join(documents, 'with-blank-page.pdf'), [
      '--id',
      'blank-page',
      '--date',
      '2024-07-09',
      '--title',
      'Blank',
      '--allow-missing-pages',
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/page 2: missing, quality 0\.000 \(OCR found no text on it\)/);
    const { text, meta } = imported(dir, 'blank-page');
    expect(meta.pages).toEqual([
      { start: 0, path: 'repaired-text-layer', quality: 1 },
      { start: text.length, path: 'missing', quality: 0 },
    ]);
  });
});

async function zipOf(name: string): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from('notes'), name);
  zip.end();
  return Buffer.concat(await collect(zip.outputStream as AsyncIterable<Buffer>));
}

describe('an imported PDF in the graph: every citation knows its page', () => {
  let api: Awaited<ReturnType<typeof apiFixture>>;
  const dir = freshData();
  let secondPage = '';

  beforeAll(async () => {
    const run = importFile(dir, join(documents, 'record.pdf'), [
      '--id',
      'imported-record',
      '--date',
      '2024-07-09',
      '--title',
      'Record',
    ]);
    expect(run.status).toBe(0);
    const { text, meta } = imported(dir, 'imported-record');
    const start = meta.pages[1].start;
    secondPage = text.slice(start, text.indexOf('\n', start + 40)).trim();
    const facts = [
      'source: imported-record',
      'entities:',
      `  - { id: thailand, type: Country, name: Thailand, section: "1", quote: ${JSON.stringify(text.slice(0, 30))} }`,
      `  - { id: asean, type: Organization, name: ASEAN, section: "2", quote: ${JSON.stringify(secondPage)} }`,
      'relations: []',
    ];
    writeFileSync(join(dir, 'facts', 'imported-record.yaml'), `${facts.join('\n')}\n`);
    api = await apiFixture();
    await loadKnowledgeBase(api.db, dir);
  });
  afterAll(async () => {
    await loadKnowledgeBase(api.db);
    await api.close();
  });

  it('gives Provenance.page from the quote offsets and the page map', async () => {
    const answer = await api.gql(`{
      thailand: entity(id: "thailand") { citations { source { id } page } }
      asean: entity(id: "asean") { citations { source { id } page quote } }
      resolution: entity(id: "singapore") { citations { page } }
    }`);
    expect(answer.errors).toBeUndefined();
    const of = (key: string) =>
      (
        answer.data[key] as { citations: Array<{ source: { id: string }; page: number | null }> }
      ).citations.filter((citation) => citation.source.id === 'imported-record');
    expect(of('thailand').map((c) => c.page)).toEqual([1]);
    expect(of('asean').map((c) => c.page)).toEqual([2]);
    // The resolution was never imported: it has no pages.
    const { citations } = answer.data.resolution as { citations: Array<{ page: number | null }> };
    expect(citations.length).toBeGreaterThan(0);
    expect(new Set(citations.map((c) => c.page))).toEqual(new Set([null]));
    expect(existsSync(join(dir, 'sources', 'imported-record.pdf'))).toBe(true);
  });
});

describe('importSource: a curator uploads a document through the API', () => {
  let dir: string;
  let db: Database;
  let app: Awaited<ReturnType<typeof curationFixture>>['app'];
  let gql: Awaited<ReturnType<typeof curationFixture>>['gql'];
  let curate: string;
  const importSource = `mutation($input: ImportSourceInput!, $dryRun: Boolean) {
    importSource(input: $input, dryRun: $dryRun) { dryRun fact event { id action after } } }`;
  /** An answer read by path, as a client would. */
  const ask = async (query: string, variables: Record<string, unknown>, token?: string) =>
    (await gql(query, variables, token)) as GraphQLResponse & { data: Json };
  const upload = (file: string, id: string) => ({
    id,
    date: '2024-07-09',
    titleTh: 'บันทึก',
    fileName: file,
    content: readFileSync(join(documents, file)).toString('base64'),
  });

  beforeAll(async () => {
    db = testDatabase();
    const fixture = await curationFixture(db, 'import-api');
    ({ dir, app, gql } = fixture);
    curate = fixture.tokens.create('curator', ['curate']).token;
  });
  afterAll(async () => {
    await loadKnowledgeBase(db);
    await db.close();
  });

  it('needs a token that may curate', async () => {
    const answer = await ask(importSource, { input: upload('record.pdf', 'uploaded-record') });
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(existsSync(join(dir, 'sources', 'uploaded-record.txt'))).toBe(false);
  });

  it('previews, imports with the original kept, and is undone with its original', async () => {
    const preview = await ask(
      importSource,
      { input: upload('record.pdf', 'uploaded-record'), dryRun: true },
      curate,
    );
    expect(preview.errors).toBeUndefined();
    expect(preview.data?.importSource.dryRun).toBe(true);
    expect(existsSync(join(dir, 'sources', 'uploaded-record.pdf'))).toBe(false);

    const done = await ask(importSource, { input: upload('record.pdf', 'uploaded-record') }, curate);
    expect(done.errors).toBeUndefined();
    expect(done.data?.importSource).toMatchObject({
      dryRun: false,
      fact: 'uploaded-record',
      event: { action: 'createSource' },
    });
    expect(done.data?.importSource.event.after).toContain('path: repaired-text-layer');
    expect(
      readFileSync(join(dir, 'sources', 'uploaded-record.pdf')).equals(
        readFileSync(join(documents, 'record.pdf')),
      ),
    ).toBe(true);
    expect(
      characterErrorRate(truth, readFileSync(join(dir, 'sources', 'uploaded-record.txt'), 'utf8')),
    ).toBeLessThanOrEqual(0.003);

    const view = await ask(
      `{ entity(id: "uploaded-record") { ... on Source { pageView(page: 2, start: 0, end: 10) { page image } } } }`,
      {},
    );
    expect(view.data?.entity.pageView).toEqual({ page: 2, image: '/sources/uploaded-record/pages/2.png' });
    const png = await app.pageImage('uploaded-record', 2);
    expect(png?.subarray(0, 4).toString('latin1')).toBe('\x89PNG');

    const undo = await ask(
      `mutation($id: ID!) { undo(auditEventId: $id) { fact } }`,
      { id: done.data?.importSource.event.id },
      curate,
    );
    expect(undo.errors).toBeUndefined();
    for (const file of [
      'sources/uploaded-record.txt',
      'sources/uploaded-record.meta.yaml',
      'facts/uploaded-record.yaml',
      'sources/uploaded-record.pdf',
    ])
      expect(existsSync(join(dir, file)), file).toBe(false);
  });

  it('refuses a bad file with the file and the problem, and writes nothing', async () => {
    const before = listing(dir);
    const encrypted = await ask(importSource, { input: upload('encrypted.pdf', 'uploaded-bad') }, curate);
    expect(encrypted.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^encrypted\.pdf: is an encrypted PDF/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const notBase64 = await ask(
      importSource,
      { input: { ...upload('record.pdf', 'uploaded-bad'), content: '%%%' } },
      curate,
    );
    expect(notBase64.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(listing(dir)).toEqual(before);
  });
});
