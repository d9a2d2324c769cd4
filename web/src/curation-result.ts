import type { ResultOf } from 'gql.tada';
import { el } from './format.ts';
import { graphql } from './graphql.ts';

/** What every curation write answers, and how the forms show it: a preview, or what was saved. */
export const RESULT = graphql(`fragment CurationFields on CurationResult {
  dryRun fact version addedEntities addedRelations removedEntities removedRelations changedValues
  event { id seq actor action entities before after }
}`);

export type CurationResult = ResultOf<typeof RESULT>;

interface ChangedValue {
  entity: string;
  property: string;
  before: unknown;
  after: unknown;
}

const shown = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value));

/** The graph's changes in words, then the fact's lines in its facts file. */
export function describe(result: CurationResult): HTMLElement[] {
  const changes = [
    ...result.addedEntities.map((id) => `Adds entity ${id}`),
    ...result.addedRelations.map((id) => `Adds relation ${id}`),
    ...result.removedEntities.map((id) => `Removes entity ${id}`),
    ...result.removedRelations.map((id) => `Removes relation ${id}`),
    ...(result.changedValues as unknown as ChangedValue[]).map(
      (change) => `${change.entity}.${change.property}: ${shown(change.before)} → ${shown(change.after)}`,
    ),
  ];
  const lines = result.event.after ?? result.event.before;
  return [
    el(
      'ul',
      { class: 'changes' },
      ...(changes.length ? changes : ['No change to the graph']).map((text) => el('li', {}, text)),
    ),
    ...(lines
      ? [
          el(
            'p',
            { class: 'hint' },
            result.event.after ? 'In the facts file:' : 'Taken out of the facts file:',
          ),
          el('pre', { class: 'fact-lines' }, lines),
        ]
      : []),
  ];
}

/**
 * Runs a write from a form inside a dialog, where the page's error bar cannot be seen: progress and
 * any error are shown in `out`, next to the form.
 */
export async function attempt(out: HTMLElement, label: string, write: () => Promise<void>): Promise<void> {
  const progress = el('p', { class: 'hint' }, `${label}…`);
  out.replaceChildren(progress);
  try {
    await write();
    progress.remove();
  } catch (error) {
    out.replaceChildren(
      el('p', { class: 'form-error', role: 'alert' }, error instanceof Error ? error.message : String(error)),
    );
  }
}
