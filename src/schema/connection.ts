import type { InterfaceRef, ObjectRef, SchemaTypes } from '@pothos/core';
import { builder } from '../builder.ts';
import { PageInfoRef } from './types/relation.ts';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T extends SchemaTypes> ? T : never;

/** How a page of one list is read, and the words its fields are described with. */
export interface ConnectionShape<Page, Item, Node> {
  /** The connection type's description. */
  description: string;
  items: (page: Page) => readonly Item[];
  node: (item: Item) => Node;
  cursor: (item: Item) => string;
  hasNextPage: (page: Page) => boolean;
  /** Items on all pages; null when not counted. */
  totalCount: (page: Page) => number | Promise<number> | null;
  describe: { node: string; nodes: string; totalCount: string };
}

/**
 * `<name>Connection` and `<name>Edge`: a page as every list of the API gives it, with `nodes`,
 * `edges` (each node with its cursor), `pageInfo` (keyset: pass endCursor as `after`) and `totalCount`.
 */
export function connectionRef<Page, Item, Node>(
  name: string,
  node: ObjectRef<Types, Node> | InterfaceRef<Types, Node>,
  shape: ConnectionShape<Page, Item, Node>,
) {
  // Pothos cannot work out what a resolver of a type parameter returns; `Node` is checked by the caller.
  const nodeOf = shape.node as (item: Item) => never;
  const edge = builder.objectRef<Item>(`${name}Edge`).implement({
    description: `An item of ${name}Connection with its cursor.`,
    fields: (t) => ({
      cursor: t.string({ description: 'Cursor of this item.', resolve: shape.cursor }),
      node: t.field({ type: node, description: shape.describe.node, resolve: nodeOf }),
    }),
  });
  return builder.objectRef<Page>(`${name}Connection`).implement({
    description: shape.description,
    fields: (t) => ({
      edges: t.field({ type: [edge], description: 'Items with cursors.', resolve: shape.items }),
      nodes: t.field({
        type: [node],
        description: shape.describe.nodes,
        resolve: (page) => shape.items(page).map(nodeOf),
      }),
      pageInfo: t.field({
        type: PageInfoRef,
        description: 'Whether there is a next page, and its cursor.',
        resolve: (page) => {
          const last = shape.items(page).at(-1);
          return { hasNextPage: shape.hasNextPage(page), endCursor: last ? shape.cursor(last) : null };
        },
      }),
      totalCount: t.int({
        nullable: true,
        description: shape.describe.totalCount,
        resolve: shape.totalCount,
      }),
    }),
  });
}
