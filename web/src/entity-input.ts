import { gql } from './api.ts';
import { graphql } from './graphql.ts';
import { cy } from './state.ts';

const SuggestQuery = graphql(
  `query Suggest($q: String!) { search(query: $q, first: 8) { entity { id name nameTh } } }`,
);
const ResolveQuery = graphql(`query Resolve($id: ID!, $q: String!) {
  node(id: $id) { id }
  search(query: $q, first: 1) { entity { id name } }
}`);

/** What each input last suggested, by the label shown: picking one gives its id. */
const suggested = new WeakMap<HTMLInputElement, Map<string, string>>();

/**
 * An input that takes an entity by name, in Thai or English, or by id: it suggests names as you
 * type (the canvas's entities and the search's best hits) in a datalist of its own.
 */
export function entityInput(input: HTMLInputElement): void {
  const list = document.createElement('datalist');
  list.id = `${input.id}-suggestions`;
  input.after(list);
  input.setAttribute('list', list.id);
  input.autocomplete = 'off';
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text || suggested.get(input)?.has(text)) return;
    timer = setTimeout(() => void suggest(input, list, text), 200);
  });
}

async function suggest(input: HTMLInputElement, list: HTMLDataListElement, text: string) {
  const labels = new Map<string, string>();
  for (const node of cy.nodes()) labels.set(node.data('entity').name, node.id());
  try {
    const data = await gql(SuggestQuery, { q: text });
    for (const { entity } of data.search) {
      labels.set(entity.name, entity.id);
      if (entity.nameTh) labels.set(entity.nameTh, entity.id);
    }
  } catch {
    // Suggestions are a help: the canvas's names still come, and the submit reports any error.
  }
  suggested.set(input, labels);
  list.replaceChildren(
    ...[...labels].map(([label, id]) => {
      const option = document.createElement('option');
      option.value = label;
      option.label = id;
      return option;
    }),
  );
}

/** The id of the entity an input names: a suggestion picked, an id, or the best search hit. */
export async function entityIdOf(input: HTMLInputElement): Promise<string> {
  const text = input.value.trim();
  const picked = suggested.get(input)?.get(text);
  if (picked) return picked;
  const data = await gql(ResolveQuery, { id: text, q: text });
  const id = data.node?.id ?? data.search[0]?.entity.id;
  if (!id) throw new Error(`No entity is named “${text}”. Pick one of the suggestions.`);
  return id;
}
