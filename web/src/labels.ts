/**
 * How a name reads on the canvas: on up to two lines of about 24 characters, cut with "…" past
 * them; the Thai name on one line of its own (the hover text and the details give both whole). Larger
 * labels would spread the layout, and a fit would zoom out until they are as small again.
 */
const LINE = 24;
const LINES = 2;

const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/** `text` in lines of at most `width` characters, broken between words (Thai ones too). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const { segment } of words.segment(text.trim())) {
    if ((line + segment).trimEnd().length <= width) {
      line += segment;
      continue;
    }
    if (line.trim()) lines.push(line.trim());
    // A word longer than a line is cut where the line ends.
    let rest = segment.trimStart();
    while (rest.length > width) {
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    line = rest;
  }
  if (line.trim()) lines.push(line.trim());
  return lines;
}

/** `text` on at most `count` lines; a cut shows as "…", the last line filled up to it. */
function clamp(text: string, count: number, width: number): string[] {
  const lines = wrap(text, width);
  if (lines.length <= count) return lines;
  const kept = lines.slice(0, count - 1);
  // The lines are the text in order, less the spaces where it breaks: what follows the kept ones.
  let rest = text.trim();
  for (const line of kept) rest = rest.slice(line.length).trimStart();
  return [...kept, `${rest.slice(0, width - 1).trimEnd()}…`];
}

export function canvasLabel(name: string, nameTh?: string | null): string {
  const lines = clamp(name, LINES, LINE);
  if (nameTh) lines.push(...clamp(nameTh, 1, LINE));
  return lines.join('\n');
}
