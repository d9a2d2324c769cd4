import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanDpi } from './ocr.ts';
import { runTool } from './run-tool.ts';
import { repairThai } from './thai-repair.ts';

/** A rectangle on a page, in fractions of the page's width and height (0 to 1, from the top left). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Word {
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Pages shown in the reader are rendered at this resolution: legible, and about 100 KB each. */
const viewDpi = 100;

/** One page of a PDF as a PNG, by poppler; an image source is its own page. */
export async function renderPage(file: string, format: string, page: number, dpi = viewDpi): Promise<Buffer> {
  if (format === 'image') return readFileSync(file);
  const range = ['-f', String(page), '-l', String(page)];
  const { stdout } = await runTool('pdftoppm', [...range, '-singlefile', '-r', String(dpi), '-png', file], {
    timeoutMs: 30_000,
  });
  return stdout;
}

/**
 * Where `quote` is on a page: the boxes of the words that hold it, one per line. Words come from
 * the PDF's text layer, or from OCR for a page that was read by OCR (a scan). Both sides are
 * compared repaired and without spaces, so a broken layer still finds a clean quote.
 */
export async function quoteBoxes(
  file: string,
  format: string,
  page: number,
  ocr: boolean,
  quote: string,
): Promise<Box[]> {
  const { words, width, height } =
    ocr || format === 'image' ? await ocrWords(file, format, page) : await layerWords(file, page);
  // Tone marks are what OCR most often drops or mistakes ("เรือง" for "เรื่อง"), and Tesseract's
  // words split SARA AM in two: neither counts.
  const key = (text: string) =>
    repairThai(text)
      .replace(/\u0E33/gu, '\u0E32')
      .replace(/[\s\u0E47-\u0E4E]+/gu, '');
  let joined = '';
  const owner: number[] = [];
  words.forEach((word, index) => {
    const text = key(word.text);
    joined += text;
    for (let i = 0; i < text.length; i += 1) owner.push(index);
  });
  const needle = key(quote);
  const at = needle ? joined.indexOf(needle) : -1;
  if (at < 0 || !width || !height) return [];
  const hit = words.slice(owner[at], (owner[at + needle.length - 1] as number) + 1);
  const lines: Word[] = [];
  for (const word of hit) {
    const line = lines.at(-1);
    if (line && word.top < line.bottom && word.bottom > line.top) {
      line.left = Math.min(line.left, word.left);
      line.right = Math.max(line.right, word.right);
      line.top = Math.min(line.top, word.top);
      line.bottom = Math.max(line.bottom, word.bottom);
    } else lines.push({ ...word });
  }
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  return lines.map((line) => ({
    x: round(line.left / width),
    y: round(line.top / height),
    width: round((line.right - line.left) / width),
    height: round((line.bottom - line.top) / height),
  }));
}

const attribute = (tag: string, name: string) =>
  Number(new RegExp(`${name}="([\\d.]+)"`).exec(tag)?.[1] ?? 0);
const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The words of a page's text layer with their boxes, in points, by `pdftotext -bbox`. */
async function layerWords(file: string, page: number) {
  const range = ['-f', String(page), '-l', String(page)];
  const { stdout } = await runTool('pdftotext', ['-bbox', ...range, file, '-'], { timeoutMs: 30_000 });
  const xhtml = stdout.toString('utf8');
  const pageTag = /<page [^>]*>/.exec(xhtml)?.[0] ?? '';
  const words = [...xhtml.matchAll(/<word ([^>]*)>([^<]*)<\/word>/g)].map(([, tag = '', text = '']) => ({
    text: unescapeXml(text),
    left: attribute(tag, 'xMin'),
    top: attribute(tag, 'yMin'),
    right: attribute(tag, 'xMax'),
    bottom: attribute(tag, 'yMax'),
  }));
  return { words, width: attribute(pageTag, 'width'), height: attribute(pageTag, 'height') };
}

/** The words of a scanned page with their boxes, in pixels, by Tesseract's TSV output. */
async function ocrWords(file: string, format: string, page: number) {
  const dir = mkdtempSync(join(tmpdir(), 'kb-page-'));
  try {
    const image = join(dir, 'page.png');
    writeFileSync(image, await renderPage(file, format, page, (await scanDpi(file, page, 30_000)) ?? 300));
    const { stdout } = await runTool('tesseract', [image, 'stdout', '-l', 'tha+eng', 'tsv'], {
      timeoutMs: 120_000,
    });
    const rows = stdout
      .toString('utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'));
    const pageRow = rows.find((row) => row[0] === '1');
    const words = rows
      .filter((row) => row[0] === '5' && row[11]?.trim())
      .map((row) => {
        const [left, top, width, height] = row.slice(6, 10).map(Number) as [number, number, number, number];
        return { text: row[11] as string, left, top, right: left + width, bottom: top + height };
      });
    return { words, width: Number(pageRow?.[8] ?? 0), height: Number(pageRow?.[9] ?? 0) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
