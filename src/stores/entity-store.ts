import DataLoader from 'dataloader';
import type { Database, RoundTripCounter } from '../db/database.ts';

/** An entity as resolvers see it: its type label and its stored properties, plain JSON. */
export interface EntityRecord {
  id: string;
  type: string;
  props: Record<string, unknown>;
}

const byIds = {
  name: 'entities.byIds',
  cypher: `
    UNWIND $ids AS id
    MATCH (n:Entity {id: id})
    RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS type, properties(n) AS props`,
};

const countsByType = {
  name: 'entities.countsByType',
  cypher: `
    MATCH (n:Entity)
    WITH [l IN labels(n) WHERE l <> 'Entity'][0] AS type, count(*) AS count
    RETURN type, count ORDER BY type`,
};

export function toEntity(row: Record<string, unknown>): EntityRecord {
  return { id: row.id as string, type: row.type as string, props: row.props as Record<string, unknown> };
}

/** Reads entities. Loads by id are batched: one round trip per tick, whatever the number of ids. */
export class EntityStore {
  readonly byId: DataLoader<string, EntityRecord | null>;

  constructor(
    private readonly db: Database,
    private readonly roundTrips: RoundTripCounter,
  ) {
    this.byId = new DataLoader(async (ids) => {
      const rows = await this.db.read(byIds, { ids }, this.roundTrips);
      const found = new Map(rows.map((row) => [row.id as string, toEntity(row)]));
      return ids.map((id) => found.get(id) ?? null);
    });
  }

  async countsByType(): Promise<Array<{ type: string; count: number }>> {
    const rows = await this.db.read(countsByType, {}, this.roundTrips);
    return rows.map((row) => ({ type: row.type as string, count: row.count as number }));
  }
}
