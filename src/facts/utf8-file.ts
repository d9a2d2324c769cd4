import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Problem } from './source-facts.ts';

/** The largest file of a source read by default: 32 MiB, about 200 times today's facts file. */
export const DEFAULT_MAX_FACTS_BYTES = 32 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const bom = Buffer.from([0xef, 0xbb, 0xbf]);

/** `KB_MAX_FACTS_BYTES`, or the default. */
export function maxFactsBytes(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.KB_MAX_FACTS_BYTES;
  if (value === undefined || value === '') return DEFAULT_MAX_FACTS_BYTES;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed <= 0)
    throw new Error(`KB_MAX_FACTS_BYTES must be a whole number of bytes, got "${value}"`);
  return parsed;
}

/**
 * Reads a file of a source as strict UTF-8. A leading byte-order mark is dropped (editors on
 * Windows add one); U+FEFF anywhere else, bytes that are not UTF-8, a missing file or one over
 * `maxBytes` are a problem, and the file is not read (undefined).
 */
export function readUtf8File(file: string, maxBytes: number, problems: Problem[]): string | undefined {
  if (!existsSync(file)) {
    problems.push({ file, at: 'file', reason: 'is missing' });
    return undefined;
  }
  const { size } = statSync(file);
  if (size > maxBytes) {
    problems.push({
      file,
      at: 'file',
      reason: `is ${size} bytes (${mib(size)}), over the limit of ${maxBytes} (KB_MAX_FACTS_BYTES): split the source, or raise the limit`,
    });
    return undefined;
  }
  const bytes = readFileSync(file);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const offset = invalidUtf8Offset(bytes);
    problems.push({
      file,
      at: `byte ${offset} (line ${lineAt(bytes, offset)})`,
      reason: `is not UTF-8: byte 0x${hex(bytes[offset])} does not start a UTF-8 character (saved as TIS-620, Windows-874 or Latin-1?); save it as UTF-8`,
    });
    return undefined;
  }
  const stray = bytes.indexOf(bom, bytes.subarray(0, 3).equals(bom) ? 3 : 0);
  if (stray !== -1) {
    problems.push({
      file,
      at: `byte ${stray} (line ${lineAt(bytes, stray)})`,
      reason:
        'has U+FEFF (an invisible byte-order mark) inside the text; only the first character may be one',
    });
    return undefined;
  }
  return text;
}

/**
 * Offset of the first byte where a UTF-8 decoder fails (the start of the bad sequence), or -1.
 * Follows the WHATWG decoder: no overlong forms, no surrogates, nothing above U+10FFFF.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  for (let at = 0; at < bytes.length; ) {
    const lead = bytes[at] as number;
    if (lead < 0x80) {
      at++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return at;
    for (let k = 1; k < length; k++) {
      const byte = bytes[at + k];
      if (byte === undefined || byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) return at;
    }
    at += length;
  }
  return -1;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let at = 0; at < offset; at++) if (bytes[at] === 0x0a) line++;
  return line;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function hex(byte: number | undefined): string {
  return (byte ?? 0).toString(16).toUpperCase().padStart(2, '0');
}
