import { lexiconDataFor } from './src/suggest/lexicon-files.ts';
import { suggest } from './src/suggest/suggest.ts';

const data = lexiconDataFor('data');
const [name, n] = [process.argv[2] as string, Number(process.argv[3])];
const cases: Record<string, string> = {
  caps: 'Alpha Beta of '.repeat(n),
  thaiHeads: 'กระทรวง'.repeat(n),
  names: 'ASEAN Thailand ไทย '.repeat(n),
  relations: 'Thailand hosted the 5th ADGSOM. '.repeat(n),
};
const text = cases[name] as string;
const t = performance.now();
const count = suggest(text, data).length;
console.log(
  name,
  text.length,
  count,
  Math.round(performance.now() - t),
  'ms',
  Math.round(process.memoryUsage().rss / 1e6),
  'MB',
);
