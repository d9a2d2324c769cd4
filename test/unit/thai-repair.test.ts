import { describe, expect, it } from 'vitest';
import { characterErrorRate } from '../../src/import/cer.ts';
import { decodeText, detectFormat } from '../../src/import/detect.ts';
import { cleanOcr } from '../../src/import/ocr.ts';
import { pageQuality } from '../../src/import/quality.ts';
import { joinWrappedLines, repairThai } from '../../src/import/thai-repair.ts';

describe('repairThai', () => {
  it.each([
    [
      'a space after a mark on a tall consonant',
      'เป็ น ปั ญหา ป้ องกัน ฝ่ าย โจเซฟิ น',
      'เป็น ปัญหา ป้องกัน ฝ่าย โจเซฟิน',
    ],
    ['a space before a mark or a following vowel', 'ก ็ ได ้ ท ำ ส า', 'ก็ ได้ ทำ สา'],
    ['a space after a leading vowel', 'เ ป็น แ ละ', 'เป็น และ'],
    ['SARA AM split in two', 'สําคัญ น้ํา ดําเนินการ', 'สำคัญ น้ำ ดำเนินการ'],
    ['a tone mark typed before its upper vowel', 'ที่ ที่', 'ที่ ที่'],
    ['private-use glyphs of TH Sarabun', 'ป\uF70Bอง ฐ\uF700 \uF70Fญ ก\uF712', 'ป้อง ฐฐ ญญ ก็'],
    ['TIS-620 read as Latin-1', '¡ÒÃ»ÃÐªØÁ', 'การประชุม'],
  ])('%s', (_label, broken, fixed) => {
    expect(repairThai(broken)).toBe(fixed);
  });

  it('keeps the spaces Thai does have, and English as it is', () => {
    for (const text of [
      'ครั้งที่ 4 ให้ ดศ. ดำเนินการ',
      'ไว้ ให้ ดศ.',
      'The 4th ASEAN Digital Ministers’ Meeting',
      'ปี 2567 ได้ 12 ฉบับ',
    ])
      expect(repairThai(text)).toBe(text);
  });
});

describe('joinWrappedLines', () => {
  it('joins a wrapped Thai line without a space, an English one with one, and keeps paragraphs', () => {
    const lines = [
      'คณะรัฐมนตรีรับทราบผลการประชุมรัฐมนตรีอาเซียนด้านดิจิทัล และการ',
      'ประชุมที่เกี่ยวข้อง เสนอ',
      'สาระสำคัญ',
      '1. The 4th ASEAN Digital Ministers’ Meeting and the ASEAN',
      'Digital Senior Officials’ Meeting in Singapore on 1-2 Feb',
      'ended.',
      '2.1 ข้อหนึ่ง',
    ];
    expect(joinWrappedLines(lines).split('\n')).toEqual([
      'คณะรัฐมนตรีรับทราบผลการประชุมรัฐมนตรีอาเซียนด้านดิจิทัล และการประชุมที่เกี่ยวข้อง เสนอ',
      'สาระสำคัญ',
      '1. The 4th ASEAN Digital Ministers’ Meeting and the ASEAN Digital Senior Officials’ Meeting in Singapore on 1-2 Feb ended.',
      '2.1 ข้อหนึ่ง',
    ]);
  });

  it('ends a paragraph at a blank line; OCR clean-up drops the blank lines between blocks', () => {
    expect(joinWrappedLines(['ก', '', 'ข'])).toBe('ก\nข');
    expect(cleanOcr('สาระสําคัญของเรื่อง\n\n1. เดิม\n')).toBe('สาระสำคัญของเรื่อง\n1. เดิม');
  });
});

describe('pageQuality', () => {
  it('is 1 for clean Thai and English, 0 for nothing, lower for debris', () => {
    expect(pageQuality('ผลการประชุมรัฐมนตรีอาเซียน ASEAN Digital Ministers')).toBe(1);
    expect(pageQuality('   \n ')).toBe(0);
    expect(pageQuality('¡ÒÃ»ÃÐªØÁ')).toBeLessThan(0.5);
    expect(pageQuality('\uF70B\uF70B\uF70B กา')).toBeLessThan(0.97);
    expect(pageQuality('ส ํา ่ ก')).toBeLessThan(0.97);
  });
});

describe('detectFormat', () => {
  it('reads the kind from the bytes, not the name', () => {
    expect(detectFormat(Buffer.from('%PDF-1.7\n'), 'notes.txt').format).toBe('pdf');
    expect(detectFormat(Buffer.from([0x50, 0x4b, 3, 4, 0]), 'x.pdf').format).toBe('docx');
    expect(detectFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]), 'x').extension).toBe('png');
    expect(detectFormat(Buffer.from('<!DOCTYPE html><p>ก</p>'), 'x.txt').format).toBe('html');
    expect(detectFormat(Buffer.from('# หัวข้อ\n'), 'notes.md')).toEqual({ format: 'text', extension: 'md' });
    expect(detectFormat(Buffer.from('ข้อความ'), 'notes.pdf')).toEqual({ format: 'text', extension: 'txt' });
  });

  it('reads text as UTF-8, or TIS-620 when it is not', () => {
    expect(decodeText(Buffer.from('\uFEFFก\r\nข'), 'a.txt')).toBe('ก\nข');
    expect(decodeText(Buffer.from([0xa1, 0xd2, 0xc3, 0x20, 0xbb]), 'a.txt')).toBe('การ ป');
    expect(() => decodeText(Buffer.from([0x80, 0x81, 0x82]), 'a.txt')).toThrow(
      /a\.txt: is neither UTF-8 nor Thai/,
    );
  });
});

describe('characterErrorRate', () => {
  it('counts edits over the truth, whitespace runs as one space', () => {
    expect(characterErrorRate('ab  c\nd', 'ab c d')).toBe(0);
    expect(characterErrorRate('abcd', 'abxd')).toBe(0.25);
    expect(characterErrorRate('abcd', '')).toBe(1);
  });
});
