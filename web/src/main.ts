import '@fontsource/noto-sans-thai/400.css';
import '@fontsource/noto-sans-thai/600.css';
import './styles.css';
import type { Core } from 'cytoscape';
import { ApiError, EDGE, type Edge, ENTITY, type Entity, gql, PROVENANCE, type Provenance } from './api.ts';
import { addElements, createCanvas, legendTypes } from './canvas.ts';
import { el, formatDate, propertyRows } from './format.ts';
import { styleOf } from './styles-by-type.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const cy: Core = createCanvas($('cy'));
const hiddenTypes = new Set<string>();
let lastAction: (() => Promise<void>) | null = null;
let pending = 0;

// Tests and power users can reach the canvas from the console.
(window as unknown as { explorer: { cy: Core } }).explorer = { cy };

/** Runs an API action with a visible loading state; on failure shows the error with a retry. */
async function act(label: string, action: () => Promise<void>): Promise<void> {
  lastAction = action;
  pending += 1;
  $('busy').textContent = `${label}…`;
  try {
    await action();
    $('error').hidden = true;
  } catch (error) {
    $('error-text').textContent =
      error instanceof ApiError || error instanceof Error ? error.message : String(error);
    $('error').hidden = false;
  } finally {
    pending -= 1;
    if (pending === 0) $('busy').textContent = '';
  }
}

$('error-retry').addEventListener('click', () => {
  if (lastAction) void act('Retrying', lastAction);
});

// ── Search ─────────────────────────────────────────────────────────────────
const input = $<HTMLInputElement>('search-input');
const results = $<HTMLUListElement>('search-results');
let searchTimer: ReturnType<typeof setTimeout> | undefined;

input.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => void act('Searching', () => search(input.value)), 200);
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

async function search(text: string): Promise<void> {
  if (!text.trim()) {
    results.hidden = true;
    return;
  }
  const data = await gql<{ search: Array<{ entity: Entity }> }>(
    `query Search($q: String!) { search(query: $q, first: 10) { entity { ${ENTITY} } } }`,
    { q: text },
  );
  results.replaceChildren(
    ...data.search.map(({ entity }) => {
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

async function place(entity: Entity): Promise<void> {
  addElements(cy, [entity], []);
  await connectAll();
  select(entity.id);
  cy.animate({ center: { eles: cy.getElementById(entity.id) } }, { duration: 200 });
  changed();
}

// ── Canvas ─────────────────────────────────────────────────────────────────
const expandLimits = new Map<string, number>();

async function expand(id: string): Promise<void> {
  const limit = (expandLimits.get(id) ?? 0) + 25;
  expandLimits.set(id, limit);
  const data = await gql<{ neighborhood: { truncated: boolean; nodes: Entity[]; edges: Edge[] } }>(
    `query Expand($id: ID!, $limit: Int!) { neighborhood(id: $id, depth: 1, limit: $limit) { truncated nodes { ${ENTITY} } edges { ${EDGE} } } }`,
    { id, limit: limit + 1 },
  );
  const added = addElements(cy, data.neighborhood.nodes, data.neighborhood.edges, id);
  cy.getElementById(id).data('truncated', data.neighborhood.truncated);
  if (added.length)
    cy.animate({ fit: { eles: cy.getElementById(id).closedNeighborhood(), padding: 40 } }, { duration: 250 });
  applyFilters();
  changed();
  if (cy.getElementById(id).selected()) await showEntity(id);
}

/** Fetches the relations among everything on the canvas, in one request. */
async function connectAll(): Promise<void> {
  const ids = cy.nodes().map((node) => node.id());
  if (ids.length < 2) return;
  const data = await gql<{
    nodes: Array<{
      relations: {
        nodes: Array<{
          id: string;
          type: string;
          direction: string;
          node: { id: string };
          properties: Record<string, unknown>;
          provenance: Provenance[];
        }>;
      };
    } | null>;
  }>(
    `query Connect($ids: [ID!]!) { nodes(ids: $ids) { ... on Entity { id relations(first: 100) { nodes { id type direction node { id } properties provenance { ${PROVENANCE} } } } } } }`,
    { ids },
  );
  const present = new Set(ids);
  const edges: Edge[] = [];
  data.nodes.forEach((node, index) => {
    for (const relation of node?.relations.nodes ?? []) {
      if (!present.has(relation.node.id)) continue;
      const self = ids[index] as string;
      const [from, to] = relation.direction === 'OUT' ? [self, relation.node.id] : [relation.node.id, self];
      edges.push({
        id: relation.id,
        type: relation.type,
        from,
        to,
        properties: relation.properties,
        provenance: relation.provenance,
      });
    }
  });
  addElements(cy, [], edges);
}

function select(id: string): void {
  cy.elements().unselect();
  cy.getElementById(id).select();
}

cy.on('select', 'node', (event) => void act('Loading', () => showEntity(event.target.id())));
cy.on('select', 'edge', (event) => showEdge(event.target.data('edge') as Edge));
cy.on('dbltap', 'node', (event) => void act('Expanding', () => expand(event.target.id())));
cy.on('dragfree', 'node', () => changed());

$('cy').addEventListener('keydown', (event) => {
  const selected = cy.$('node:selected');
  if (selected.empty()) return;
  if (event.key === 'e' || event.key === 'Enter') void act('Expanding', () => expand(selected.id()));
  if (event.key === 'Delete' || event.key === 'Backspace') removeSelected();
});

function removeSelected(): void {
  cy.$(':selected').remove();
  $('details').replaceChildren(el('p', { class: 'hint' }, 'Removed.'));
  changed();
}

$('fit').addEventListener('click', () => cy.fit(undefined, 30));
$('relayout').addEventListener('click', () => {
  cy.layout({ name: 'cose', animate: false, randomize: false, nodeRepulsion: () => 8000 } as never).run();
  changed();
});
$('remove').addEventListener('click', removeSelected);
$('clear').addEventListener('click', () => {
  cy.elements().remove();
  changed();
});
$('export-png').addEventListener('click', () => {
  download(
    'policy-graph.png',
    cy.png({ full: true, bg: '#ffffff', scale: 2, output: 'blob' }) as unknown as Blob,
  );
});
$('export-json').addEventListener('click', () => {
  const view = {
    nodes: cy.nodes().map((node) => ({ ...node.data('entity'), position: node.position() })),
    edges: cy.edges().map((edge) => edge.data('edge')),
  };
  download('policy-graph.json', new Blob([JSON.stringify(view, null, 2)], { type: 'application/json' }));
});
$('copy-link').addEventListener('click', () => void navigator.clipboard?.writeText(location.href));

function download(name: string, blob: Blob): void {
  const link = el('a', { href: URL.createObjectURL(blob), download: name });
  link.click();
  URL.revokeObjectURL(link.href);
}

// ── Legend and filters ─────────────────────────────────────────────────────
function renderLegend(): void {
  const items = legendTypes().map((type) => {
    const box = el('input', { type: 'checkbox', 'data-type': type });
    box.checked = !hiddenTypes.has(type);
    box.addEventListener('change', () => {
      if (box.checked) hiddenTypes.delete(type);
      else hiddenTypes.add(type);
      applyFilters();
      changed();
    });
    return el(
      'label',
      {},
      box,
      el('span', { class: 'type-dot', style: `background:${styleOf(type).color}` }),
      type,
    );
  });
  $('legend').replaceChildren(...items);
}

function applyFilters(): void {
  cy.nodes().forEach((node) => {
    node.toggleClass('filtered', hiddenTypes.has(node.data('type')));
  });
}

// ── Details ────────────────────────────────────────────────────────────────
function provenanceList(entries: Provenance[]): HTMLElement {
  return el(
    'ul',
    { class: 'provenance' },
    ...entries.map((p) =>
      el(
        'li',
        {},
        el('blockquote', { lang: 'th' }, p.quote),
        el(
          'cite',
          {},
          `${p.source.name}${p.source.date ? `, ${formatDate(p.source.date)}` : ''}${p.section ? ` — section ${p.section}` : ''}`,
        ),
      ),
    ),
  );
}

function table(rows: Array<[string, string]>): HTMLElement {
  return el(
    'table',
    { class: 'props' },
    ...rows.map(([key, value]) => el('tr', {}, el('th', { scope: 'row' }, key), el('td', {}, value))),
  );
}

async function showEntity(id: string): Promise<void> {
  const data = await gql<{
    entity: Entity & {
      description: string | null;
      properties: Record<string, unknown>;
      citations: Provenance[];
      relations: {
        totalCount: number;
        nodes: Array<{ id: string; type: string; direction: string; node: Entity; provenance: Provenance[] }>;
      };
    };
  }>(
    `query Details($id: ID!) { entity(id: $id) { ${ENTITY} description properties citations { ${PROVENANCE} }
      relations(first: 100) { totalCount nodes { id type direction node { ${ENTITY} } provenance { ${PROVENANCE} } } } } }`,
    { id },
  );
  const entity = data.entity;
  const relations = entity.relations.nodes.map((relation) => {
    const add = el('button', { type: 'button', class: 'link' }, relation.node.name);
    add.addEventListener('click', () => void act('Adding', () => place(relation.node)));
    const toggle = el(
      'button',
      { type: 'button', class: 'source-toggle', 'aria-expanded': 'false' },
      'Source',
    );
    const quote = provenanceList(relation.provenance);
    quote.hidden = true;
    toggle.addEventListener('click', () => {
      quote.hidden = !quote.hidden;
      toggle.setAttribute('aria-expanded', String(!quote.hidden));
    });
    const arrow = relation.direction === 'OUT' ? '→' : '←';
    return el(
      'li',
      {},
      el('span', { class: 'rel-type' }, `${arrow} ${relation.type}`),
      ' ',
      add,
      ' ',
      toggle,
      quote,
    );
  });
  const more = cy.getElementById(id).data('truncated')
    ? el('button', { type: 'button', id: 'expand-more' }, 'More neighbours')
    : el('button', { type: 'button', id: 'expand' }, 'Expand neighbours');
  more.addEventListener('click', () => void act('Expanding', () => expand(id)));
  $('details').replaceChildren(
    el('h3', {}, entity.name),
    entity.nameTh ? el('p', { lang: 'th', class: 'thai-name' }, entity.nameTh) : '',
    el('p', { class: 'type' }, entity.type, entity.aliases.length ? ` · ${entity.aliases.join(', ')}` : ''),
    entity.description ? el('p', {}, entity.description) : '',
    more,
    table(propertyRows(entity.properties)),
    el('h4', {}, 'Cited in'),
    provenanceList(entity.citations),
    el('h4', {}, `Relations (${entity.relations.totalCount})`),
    el('ul', { class: 'relations' }, ...relations),
  );
}

function showEdge(edge: Edge): void {
  const name = (id: string) => (cy.getElementById(id).data('entity') as Entity | undefined)?.name ?? id;
  $('details').replaceChildren(
    el('h3', {}, edge.type),
    el('p', {}, `${name(edge.from)} → ${name(edge.to)}`),
    table(propertyRows(edge.properties)),
    el('h4', {}, 'Source'),
    provenanceList(edge.provenance),
  );
}

// ── Path finder ────────────────────────────────────────────────────────────
$('path-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const from = $<HTMLInputElement>('path-from').value.trim();
  const to = $<HTMLInputElement>('path-to').value.trim();
  void act('Finding paths', () => findPath(from, to));
});

async function findPath(from: string, to: string): Promise<void> {
  const data = await gql<{ allShortestPaths: Array<{ length: number; nodes: Entity[]; edges: Edge[] }> }>(
    `query Paths($from: ID!, $to: ID!) { allShortestPaths(from: $from, to: $to, limit: 5) { length nodes { ${ENTITY} } edges { ${EDGE} } } }`,
    { from, to },
  );
  cy.elements().removeClass('path');
  const list = $('path-result');
  if (!data.allShortestPaths.length) {
    list.replaceChildren(el('li', {}, 'No path within 6 hops.'));
    return;
  }
  for (const path of data.allShortestPaths) addElements(cy, path.nodes, path.edges, from);
  const [best] = data.allShortestPaths;
  for (const entity of best?.nodes ?? []) cy.getElementById(entity.id).addClass('path');
  for (const edge of best?.edges ?? []) cy.getElementById(edge.id).addClass('path');
  const names = new Map(
    data.allShortestPaths.flatMap((path) => path.nodes.map((n) => [n.id, n.name] as const)),
  );
  list.replaceChildren(
    ...(best?.edges ?? []).map((edge) =>
      el(
        'li',
        {},
        el('strong', {}, `${names.get(edge.from)} —${edge.type}→ ${names.get(edge.to)}`),
        provenanceList(edge.provenance),
      ),
    ),
    data.allShortestPaths.length > 1
      ? el(
          'li',
          { class: 'hint' },
          `${data.allShortestPaths.length - 1} alternative path(s) of the same length are on the canvas.`,
        )
      : '',
  );
  cy.fit(cy.elements('.path'), 60);
  changed();
}

// ── Timeline ───────────────────────────────────────────────────────────────
async function loadTimeline(): Promise<void> {
  const data = await gql<{
    timeline: Array<{
      date: string;
      kind: string;
      upcoming: boolean;
      entity: Entity | null;
      entities: Entity[];
    }>;
  }>(
    `{ timeline(kinds: ["MEETING", "PLANNED_MEETING", "Agreement", "Source"]) { date kind upcoming entity { ${ENTITY} } entities { ${ENTITY} } } }`,
  );
  $('timeline').replaceChildren(
    ...data.timeline
      .filter((event) => event.entity)
      .map((event) => {
        const entity = event.entity as Entity;
        const button = el(
          'button',
          { type: 'button', class: event.upcoming ? 'upcoming' : '' },
          el('time', { datetime: event.date }, formatDate(event.date)),
          el('span', {}, entity.name),
        );
        button.addEventListener('click', () => void act('Adding', () => place(entity)));
        return el('li', {}, button);
      }),
  );
}

// ── Shareable state in the URL ─────────────────────────────────────────────
let restoring = false;

function changed(): void {
  $('counts').textContent = `${cy.nodes().length} entities · ${cy.edges().length} relations`;
  $('canvas-ids').replaceChildren(
    ...cy.nodes().map((node) => el('option', { value: node.id() }, node.data('entity').name)),
  );
  if (restoring) return;
  const params = new URLSearchParams();
  if (cy.nodes().nonempty())
    params.set(
      'n',
      cy
        .nodes()
        .map((node) => node.id())
        .join(','),
    );
  const selected = cy.$('node:selected');
  if (selected.nonempty()) params.set('s', selected.id());
  if (hiddenTypes.size) params.set('hide', [...hiddenTypes].join(','));
  history.replaceState(null, '', `#${params}`);
}

async function restore(): Promise<void> {
  const params = new URLSearchParams(location.hash.slice(1));
  for (const type of (params.get('hide') ?? '').split(',').filter(Boolean)) hiddenTypes.add(type);
  renderLegend();
  const ids = (params.get('n') ?? '').split(',').filter(Boolean);
  if (!ids.length) return;
  restoring = true;
  try {
    const data = await gql<{ nodes: Array<Entity | null> }>(
      `query Restore($ids: [ID!]!) { nodes(ids: $ids) { ... on Entity { ${ENTITY} } } }`,
      { ids },
    );
    const entities = data.nodes.filter((node): node is Entity => node !== null);
    entities.forEach((entity, index) => {
      addElements(cy, [entity], [], index === 0 ? undefined : (entities[0] as Entity).id);
    });
    await connectAll();
    cy.layout({ name: 'cose', animate: false, randomize: false } as never).run();
    cy.fit(undefined, 30);
    applyFilters();
  } finally {
    restoring = false;
  }
  const selected = params.get('s');
  if (selected && cy.getElementById(selected).nonempty()) select(selected);
  changed();
}

// The URL is read before anything writes it.
renderLegend();
void act('Loading', async () => {
  await restore();
  changed();
  await loadTimeline();
});
