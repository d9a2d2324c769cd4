/**
 * Character error rate of `hypothesis` against `truth`: the edit distance (insertions,
 * deletions, substitutions of UTF-16 units) over the truth's length, with every run of
 * whitespace counted as one space in both, as docs/reports/import-quality.md reports it.
 */
export function characterErrorRate(truth: string, hypothesis: string): number {
  const a = collapse(truth);
  const b = collapse(hypothesis);
  if (!a.length) return b.length ? 1 : 0;
  let previous = Int32Array.from({ length: b.length + 1 }, (_, index) => index);
  let current = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    const char = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j += 1) {
      const substitute = (previous[j - 1] as number) + (char === b.charCodeAt(j - 1) ? 0 : 1);
      current[j] = Math.min(substitute, (previous[j] as number) + 1, (current[j - 1] as number) + 1);
    }
    [previous, current] = [current, previous];
  }
  return (previous[b.length] as number) / a.length;
}

const collapse = (text: string) => text.replace(/\s+/gu, ' ').trim();
