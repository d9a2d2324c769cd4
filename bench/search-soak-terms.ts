// The soak's searches (bench/search-soak.ts), shared with bench/search-answers.ts.
import { readFileSync } from 'node:fs';
import { seededRandom } from '../src/analytics/graph-metrics.ts';

/** The shape every checkout since search began answers: hits, their relations, far ends and quotes. */
export const query = `query Soak($query: String!) {
  search(query: $query, first: 10) {
    score
    entity {
      id
      name
      citations { quote section }
      relations(first: 5) { nodes { type node { id name } provenance { quote section } } }
    }
  }
}`;

/** What an analyst types (the quality set), and the corpus's names, aliases and Thai names, shuffled. */
export function searchTerms(): string[] {
  const typed = readFileSync('bench/search-quality.tsv', 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('kind\t'))
    .map((line) => line.split('\t')[1] ?? '');
  const corpus = Array.from({ length: 200 }, (_, i) => [
    `Project ${i * 17}`,
    `meeting ${i % 300}`,
    `DOC${i * 7}`,
    `หน่วยงาน ${i * 3}`,
    `Organization ${i % 200} digital`,
  ]).flat();
  const terms = [...new Set([...typed, ...corpus].filter(Boolean))];
  const rand = seededRandom(37);
  for (let i = terms.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [terms[i], terms[j]] = [terms[j] as string, terms[i] as string];
  }
  return terms;
}
