import { act } from './actions.ts';
import { ENTITY, gql } from './api.ts';
import { place } from './canvas-ops.ts';
import { el } from './format.ts';
import { graphql } from './graphql.ts';
import { $ } from './state.ts';
import { styleOf } from './styles-by-type.ts';

const SearchQuery = graphql(
  `query Search($q: String!) { search(query: $q, first: 10) { matched entity { ...EntityFields } } }`,
  [ENTITY],
);

/** Search as you type; arrow keys move through the results, Escape closes them. */
export function initSearch(): void {
  const input = $<HTMLInputElement>('search-input');
  const results = $<HTMLUListElement>('search-results');
  let searchTimer: ReturnType<typeof setTimeout> | undefined;

  input.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => void act('Searching', () => search(input.value, results)), 200);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') (results.querySelector('button') as HTMLButtonElement | null)?.focus();
    if (event.key === 'Escape') results.hidden = true;
  });
  results.addEventListener('keydown', (event) => {
    const buttons = [...results.querySelectorAll('button')];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'ArrowDown') buttons[Math.min(index + 1, buttons.length - 1)]?.focus();
    if (event.key === 'ArrowUp') (index <= 0 ? input : buttons[index - 1])?.focus();
    if (event.key === 'Escape') {
      results.hidden = true;
      input.focus();
    }
  });
}

async function search(text: string, results: HTMLUListElement): Promise<void> {
  if (!text.trim()) {
    results.hidden = true;
    return;
  }
  const data = await gql(SearchQuery, { q: text });
  results.replaceChildren(
    ...data.search.map(({ entity, matched }) => {
      const button = el(
        'button',
        { type: 'button', 'data-id': entity.id },
        el('span', { class: 'type-dot', style: `background:${styleOf(entity.type).color}` }),
        el('strong', {}, entity.name),
        entity.nameTh ? el('span', { lang: 'th' }, ` ${entity.nameTh}`) : '',
        el(
          'small',
          {},
          ` ${entity.type}${entity.aliases.length ? ` · ${entity.aliases.slice(0, 3).join(', ')}` : ''}`,
        ),
        ...matched.slice(0, 2).map((line) => el('span', { class: 'matched' }, ...marked(line))),
      );
      button.addEventListener('click', () => {
        results.hidden = true;
        void act('Adding', () => place(entity));
      });
      return el('li', {}, button);
    }),
  );
  if (!data.search.length) results.replaceChildren(el('li', { class: 'empty' }, 'No match'));
  results.hidden = false;
}

/** "name: ASEAN **Working** Group" as text with the words between ** in <mark>; never as HTML. */
function marked(line: string): Array<string | HTMLElement> {
  return line.split('**').map((part, index) => (index % 2 ? el('mark', {}, part) : part));
}
