import { describe, expect, it } from 'vitest';
import { canvasLabel } from '../../web/src/labels.ts';

describe('a name on the canvas', () => {
  it('is whole when it fits on two lines, the Thai name on a line of its own', () => {
    expect(canvasLabel('Thailand', 'ประเทศไทย')).toBe('Thailand\nประเทศไทย');
    expect(canvasLabel('International Telecommunication Union')).toBe(
      'International\nTelecommunication Union',
    );
  });

  it('breaks between words, Thai ones too, and cuts a longer name with "…" at the end of a full line', () => {
    const label = canvasLabel(
      'Assessing the link between ICT infrastructure and digital skills',
      'การประเมินความเชื่อมโยงระหว่างโครงสร้างพื้นฐาน',
    );
    expect(label).toBe('Assessing the link\nbetween ICT infrastruct…\nการประเมินความเชื่อมโยง…');
    for (const line of label.split('\n')) expect(line.length).toBeLessThanOrEqual(24);
  });

  it('cuts a word longer than a line where the line ends', () => {
    expect(canvasLabel('Supercalifragilisticexpialidocious')).toBe('Supercalifragilisticexpi\nalidocious');
  });
});
